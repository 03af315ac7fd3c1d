package dev.switchboard.plugin.factory;

/** Literal texts Factory expects, written out independently of the code under test. */
final class FactoryTestText {
    /** The default system prompt (the Factory CLI's identity line). */
    static final String DROID = "You are Droid, an AI software engineering agent built by Factory.\n\n";

    private FactoryTestText() {
    }
}
