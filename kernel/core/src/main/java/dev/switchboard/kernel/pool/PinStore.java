package dev.switchboard.kernel.pool;

/**
 * Where a pool's conversation pins live besides this gateway's memory: with several gateways on one database, in
 * a table every instance reads ({@link ConversationAffinity} keeps its map as a cache in front of it). Alone, there
 * is nothing behind the cache ({@link #NONE}) and nothing costs anything. Thread-safe.
 */
public interface PinStore {

    /** One gateway: pins live in memory only. */
    PinStore NONE = new PinStore() {
        @Override
        public String key(String conversationKey) {
            return conversationKey;
        }

        @Override
        public Long load(String key) {
            return null;
        }

        @Override
        public void save(String key, long accountId) {
        }

        @Override
        public void touch(String key) {
        }

        @Override
        public boolean shared() {
            return false;
        }
    };

    /** The key the cache and the store use for a conversation (a digest when stored: never the key itself). */
    String key(String conversationKey);

    /** The stored pin of a conversation that has not expired, or null. */
    Long load(String key);

    /** Stores a new or moved pin; returns once other gateways can read it. */
    void save(String key, long accountId);

    /** The pin was used again (its expiry moves; may be written later, in batches). */
    void touch(String key);

    /** True when other gateways read and write the same pins. */
    boolean shared();
}
