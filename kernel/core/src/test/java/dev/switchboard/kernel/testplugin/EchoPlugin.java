package dev.switchboard.kernel.testplugin;

import org.pf4j.Plugin;

/** The test plugin's PF4J entry point. */
public class EchoPlugin extends Plugin {
}
