package dev.switchboard.kernel.testplugin;

import org.pf4j.Plugin;

/** A plugin whose start throws, to prove the host skips and reports it. */
public class FailingStartPlugin extends Plugin {
    @Override
    public void start() {
        throw new IllegalStateException("boom at start");
    }
}
