package dev.switchboard.kernel.store;

import java.util.function.Consumer;

/**
 * Short messages between the gateways that share a database ("account 42 changed", "this conversation moved"):
 * PostgreSQL's LISTEN/NOTIFY ({@link PostgresChangeFeed}). A gateway never receives its own messages. Delivery is
 * at most once and only while the listening connection is up, so every listener also registers a catch-up that
 * runs after each gap ({@link #onGap}); while {@link #live()} is false, callers poll. On an embedded database there
 * is nobody to tell ({@link #NONE}). Thread-safe.
 */
public interface ChangeFeed extends AutoCloseable {

    ChangeFeed NONE = new ChangeFeed() {
        @Override
        public void publish(String message) {
        }

        @Override
        public void subscribe(Consumer<String> listener) {
        }

        @Override
        public void onGap(Runnable catchUp) {
        }

        @Override
        public boolean live() {
            return false;
        }

        @Override
        public String state() {
            return "off";
        }

        @Override
        public void close() {
        }
    };

    /** Sends a message to every other gateway; best effort (a lost one is repaired by their catch-up or polling). */
    void publish(String message);

    /** Receives the other gateways' messages, on the feed's thread (keep it short). */
    void subscribe(Consumer<String> listener);

    /** Runs after the feed (re)connects: messages sent meanwhile were lost, so state must be re-read. */
    void onGap(Runnable catchUp);

    /** True while messages are being received and the catch-ups after the last (re)connect have run. */
    boolean live();

    /** {@code listening}, {@code reconnecting} or {@code off}, for readiness. */
    String state();

    @Override
    void close();
}
