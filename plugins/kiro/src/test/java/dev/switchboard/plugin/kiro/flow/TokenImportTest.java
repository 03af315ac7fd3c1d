package dev.switchboard.plugin.kiro.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.kiro.auth.AccountValidator;
import dev.switchboard.plugin.kiro.auth.AuthMethod;
import dev.switchboard.plugin.kiro.auth.KiroCredentials;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.json.Jsons;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The import mapping and YAML account validation. */
class TokenImportTest {

    @Test
    void kiroIdeSocialToken() throws GatewayException {
        KiroCredentials c = TokenImport.map(Jsons.parseObject("{\"accessToken\":\"aoa1\",\"refreshToken\":\"aor1\","
                + "\"expiresAt\":\"2026-05-10T12:00:00.000Z\",\"authMethod\":\"social\",\"provider\":\"Github\","
                + "\"profileArn\":\"arn:aws:codewhisperer:us-east-1:1:profile/P\",\"region\":\"us-east-1\"}"), null, null);
        assertEquals(AuthMethod.SOCIAL, c.authMethod());
        assertEquals("aor1", c.refreshToken());
        assertEquals(Instant.parse("2026-05-10T12:00:00Z"), c.expiresAt());
        assertEquals("arn:aws:codewhisperer:us-east-1:1:profile/P", c.profileArn());
        assertEquals("github", c.provider());
        assertTrue(KiroCredentials.isMachineId(c.machineId()));
        assertNull(c.clientId());
        JsonRoundTrip.check(c);
    }

    @Test
    void kiroIdeIdcTokensNeedTheirClientFile() throws GatewayException {
        String token = "{\"accessToken\":\"a\",\"refreshToken\":\"r\",\"expiresAt\":\"2026-05-10T12:00:00Z\","
                + "\"authMethod\":\"IdC\",\"provider\":\"%s\",\"clientIdHash\":\"abc\",\"region\":\"eu-west-1\","
                + "\"profileArn\":\"arn:aws:codewhisperer:us-east-1:1:profile/P\"}";
        String client = "{\"clientId\":\"cid\",\"clientSecret\":\"csec\",\"expiresAt\":\"2026-08-01T00:00:00Z\"}";
        KiroCredentials b = TokenImport.map(Jsons.parseObject(token.formatted("BuilderId")), Jsons.parseObject(client), null);
        assertEquals(AuthMethod.BUILDER_ID, b.authMethod());
        assertEquals("cid", b.clientId());
        assertEquals("csec", b.clientSecret());
        assertEquals(Instant.parse("2026-08-01T00:00:00Z"), b.clientSecretExpiresAt());
        assertEquals("eu-west-1", b.authRegion());
        assertNull(b.profileArn(), "profileArn is for social accounts only");
        assertEquals("https://view.awsapps.com/start", b.startUrl());
        KiroCredentials e = TokenImport.map(Jsons.parseObject(token.formatted("Enterprise")), Jsons.parseObject(client), null);
        assertEquals(AuthMethod.IDC, e.authMethod());
        GatewayException missing = assertThrows(GatewayException.class,
                () -> TokenImport.map(Jsons.parseObject(token.formatted("BuilderId")), null, null));
        assertEquals(ErrorKind.INVALID_REQUEST, missing.kind());
        assertTrue(missing.getMessage().contains("<clientIdHash>.json"));
    }

    @Test
    void referenceProxyCredentialJson() throws GatewayException {
        KiroCredentials c = TokenImport.map(Jsons.parseObject("{\"accessToken\":\"a\",\"refreshToken\":\"r\","
                + "\"authMethod\":\"builder-id\",\"clientId\":\"cid\",\"clientSecret\":\"cs\","
                + "\"clientSecretExpiresAt\":1790000000,\"region\":\"us-east-1\",\"ssoRegion\":\"us-west-2\","
                + "\"uuid\":\"u-1\"}"), null, "x@y.z");
        assertEquals(AuthMethod.BUILDER_ID, c.authMethod());
        assertEquals(Instant.ofEpochSecond(1_790_000_000L), c.clientSecretExpiresAt());
        assertEquals("us-west-2", c.authRegion());
        assertNull(c.expiresAt(), "no expiresAt: refresh first");
        assertEquals(KiroCredentials.sha256Hex("u-1"), c.machineId(), "the reference proxy's machine id is kept");
        assertEquals("x@y.z", c.email());
    }

    @Test
    void withoutAuthMethodClientCredentialsMeanBuilderIdAndAProfileArnMeansSocial() throws GatewayException {
        assertEquals(AuthMethod.BUILDER_ID, TokenImport.map(Jsons.parseObject(
                "{\"refreshToken\":\"r\",\"clientId\":\"c\",\"clientSecret\":\"s\"}"), null, null).authMethod());
        assertEquals(AuthMethod.SOCIAL, TokenImport.map(Jsons.parseObject(
                "{\"refreshToken\":\"r\",\"profileArn\":\"arn:aws:codewhisperer:us-east-1:1:profile/P\"}"), null, null)
                .authMethod());
        assertThrows(GatewayException.class, () -> TokenImport.map(Jsons.parseObject("{\"refreshToken\":\"r\"}"), null, null));
        assertThrows(GatewayException.class, () -> TokenImport.map(Jsons.parseObject("{\"accessToken\":\"a\"}"), null, null));
    }

    @Test
    void yamlAccountEntriesAreValidated() throws ConfigException {
        AccountValidator.validate(entry("{\"auth-method\":\"social\",\"refresh-token\":\"r\","
                + "\"expires-at\":\"2026-05-10T12:00:00Z\",\"profile-arn\":\"arn:aws:codewhisperer:us-east-1:1:profile/P\"}"));
        AccountValidator.validate(entry("{\"auth-method\":\"idc\",\"refresh-token\":\"r\",\"client-id\":\"c\","
                + "\"client-secret\":\"s\",\"region\":\"eu-west-1\",\"api-region\":\"us-east-1\","
                + "\"client-secret-expires-at\":\"1790000000\",\"start-url\":\"https://x.awsapps.com/start\"}"));
        String[][] bad = {
                {"{\"refresh-token\":\"r\"}", "accounts[0].auth-method: is required"},
                {"{\"auth-method\":\"sso\",\"refresh-token\":\"r\"}", "auth-method: must be social, builder-id or idc"},
                {"{\"auth-method\":\"social\"}", "refresh-token: is required"},
                {"{\"auth-method\":\"builder-id\",\"refresh-token\":\"r\"}", "client-id: is required"},
                {"{\"auth-method\":\"idc\",\"refresh-token\":\"r\",\"client-id\":\"c\"}", "client-secret: is required"},
                {"{\"auth-method\":\"social\",\"refresh-token\":\"${KIRO_RT}\"}", "environment variable ${KIRO_RT} is not set"},
                {"{\"auth-method\":\"social\",\"refresh-token\":\"r\",\"expires-at\":\"tomorrow\"}", "expires-at: must be an ISO-8601"},
                {"{\"auth-method\":\"social\",\"refresh-token\":\"r\",\"region\":\"moon-1\"}", "region: must be an AWS region"},
                {"{\"auth-method\":\"social\",\"refresh-token\":\"r\",\"machine-id\":\"abc\"}", "machine-id: must be 64"},
                {"{\"auth-method\":\"social\",\"refresh-token\":\"r\",\"provider\":\"apple\"}", "provider: must be google or github"}};
        for (String[] b : bad) {
            ConfigException e = assertThrows(ConfigException.class, () -> AccountValidator.validate(entry(b[0])), b[0]);
            assertTrue(e.getMessage().contains(b[1]), e.getMessage());
            assertTrue(!e.getMessage().contains("\"r\""), "no secret in the message");
        }
    }

    private static PluginConfig entry(String json) {
        return new PluginConfig("gateway.yaml", "providers[0].accounts[0]", Jsons.parseObject(json));
    }

    /** Stored credentials read back identically. */
    static final class JsonRoundTrip {
        static void check(KiroCredentials c) {
            assertEquals(c, KiroCredentials.fromJson(c.toJson()));
            assertTrue(!c.toString().contains(c.refreshToken()), "toString masks secrets");
        }
    }
}
