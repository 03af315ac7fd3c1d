package dev.switchboard.plugin.factory;

/** Literal texts from the spec, written out independently of the code under test. */
final class FactoryTestText {
    /** factory-upstream §4.1's default system prompt. */
    static final String DROID = "You are Droid, an AI software engineering agent built by Factory.\n\n";

    private FactoryTestText() {
    }
}
