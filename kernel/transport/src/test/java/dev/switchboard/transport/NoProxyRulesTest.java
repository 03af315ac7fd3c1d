package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** NO_PROXY matching: exact hosts, domain suffixes, ports, '*', IP literals; no implicit localhost. */
class NoProxyRulesTest {

    @Test
    void exactHostsMatchOnlyThemselves() {
        NoProxyRules rules = NoProxyRules.parse("internal.example, 10.0.0.5");
        assertTrue(rules.bypass("internal.example", 443));
        assertTrue(rules.bypass("INTERNAL.example.", 80));
        assertTrue(rules.bypass("10.0.0.5", 8080));
        assertFalse(rules.bypass("api.internal.example", 443));
        assertFalse(rules.bypass("10.0.0.50", 443));
    }

    @Test
    void dotAndStarPrefixesMatchTheDomainAndEverythingBelow() {
        NoProxyRules rules = NoProxyRules.parse(".corp.example,*.lan");
        assertTrue(rules.bypass("corp.example", 443));
        assertTrue(rules.bypass("a.b.corp.example", 443));
        assertTrue(rules.bypass("printer.lan", 80));
        assertFalse(rules.bypass("notcorp.example", 443));
        assertFalse(rules.bypass("lan.example", 443));
    }

    @Test
    void portsRestrictAnEntry() {
        NoProxyRules rules = NoProxyRules.parse("api.example:8443 .svc:80 [::1]:9000");
        assertTrue(rules.bypass("api.example", 8443));
        assertFalse(rules.bypass("api.example", 443));
        assertTrue(rules.bypass("x.svc", 80));
        assertFalse(rules.bypass("x.svc", 81));
        assertTrue(rules.bypass("[::1]", 9000));
        assertFalse(rules.bypass("[::1]", 9001));
    }

    @Test
    void ipv6LiteralsWithAndWithoutBrackets() {
        NoProxyRules rules = NoProxyRules.parse("::1,[fd00::2]");
        assertTrue(rules.bypass("[::1]", 443));
        assertTrue(rules.bypass("fd00::2", 443));
    }

    @Test
    void starBypassesEverything() {
        assertTrue(NoProxyRules.parse("foo, *").bypass("anything.example", 1));
    }

    @Test
    void loopbackIsNotBypassedUnlessListed() {
        NoProxyRules empty = NoProxyRules.parse("");
        assertFalse(empty.bypass("localhost", 80));
        assertFalse(empty.bypass("127.0.0.1", 80));
        assertFalse(NoProxyRules.parse(null).bypass("localhost", 80));
        assertTrue(NoProxyRules.parse("localhost,127.0.0.1").bypass("127.0.0.1", 80));
    }

    @Test
    void malformedEntriesAreIgnored() {
        NoProxyRules rules = NoProxyRules.parse("host:abc, ,, ok.example");
        assertFalse(rules.bypass("host", 80));
        assertTrue(rules.bypass("ok.example", 80));
    }
}
