package dev.switchboard.kernel.cli;

import dev.switchboard.kernel.store.ClientKey;
import dev.switchboard.kernel.store.ClientKeyRepository;
import dev.switchboard.kernel.store.ClientKeySpec;
import dev.switchboard.kernel.store.CreatedClientKey;
import dev.switchboard.kernel.store.StorageException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code switchboard keys create|list|revoke}: client keys in the configured database. {@code create} prints the
 * new key alone on standard output, once ({@code KEY=$(switchboard keys create ci)}); notes go to standard error.
 */
final class KeysCommand {
    private static final Set<String> CREATE_OPTIONS = Set.of("models", "rpm", "daily-token-quota",
            "monthly-token-quota", "daily-cost-limit", "monthly-cost-limit", "expires-at");

    private KeysCommand() {
    }

    static int run(CliContext ctx, CliArgs args) throws CliException {
        String sub = args.word(1);
        if (sub == null) {
            throw CliException.usage("keys needs a subcommand: create, list or revoke");
        }
        return switch (sub) {
            case "create" -> create(ctx, args);
            case "list" -> list(ctx, args);
            case "revoke" -> revoke(ctx, args);
            default -> throw CliException.usage("unknown keys subcommand '" + sub + "' (create, list, revoke)");
        };
    }

    private static int create(CliContext ctx, CliArgs args) throws CliException {
        args.onlyOptions(CREATE_OPTIONS, "keys create");
        args.atMostWords(3, "keys create NAME");
        String name = args.word(2);
        if (name == null || name.isBlank()) {
            throw CliException.usage("keys create needs a NAME");
        }
        List<String> models = args.option("models").map(m -> Arrays.stream(m.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList()).orElse(null);
        ClientKeySpec spec;
        try {
            spec = new ClientKeySpec(name, models, integer(args, "rpm").map(Long::intValue).orElse(null),
                    integer(args, "daily-token-quota").orElse(null), integer(args, "monthly-token-quota").orElse(null),
                    instant(args, "expires-at"), amount(args, "daily-cost-limit"), amount(args, "monthly-cost-limit"));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        ClientKeyRepository keys = ctx.store().clientKeys();
        CreatedClientKey created;
        try {
            created = keys.create(spec);
        } catch (StorageException e) {
            throw CliException.failed(e.getMessage());
        }
        ctx.out.println(created.plaintext());
        ctx.err.println("switchboard: created client key '" + name + "' (" + created.key().prefix()
                + "...); store it now: it is not shown again");
        return 0;
    }

    private static int list(CliContext ctx, CliArgs args) throws CliException {
        args.onlyOptions(Set.of(), "keys list");
        args.atMostWords(2, "keys list");
        List<ClientKey> keys = ctx.store().clientKeys().list();
        Instant now = ctx.clock().instant();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"NAME", "PREFIX", "SOURCE", "STATUS", "MODELS", "RPM", "TOKENS/DAY", "TOKENS/MONTH",
                "COST/DAY", "COST/MONTH", "LAST USED"});
        for (ClientKey k : keys) {
            rows.add(new String[]{k.name(), k.prefix(), k.source().name().toLowerCase(java.util.Locale.ROOT),
                    k.revoked() ? "revoked" : k.expiredAt(now) ? "expired" : "active",
                    k.models() == null ? "*" : String.join(",", k.models()), orDash(k.rpm()),
                    orDash(k.dailyTokenQuota()), orDash(k.monthlyTokenQuota()),
                    k.dailyCostLimit() == null ? "-" : k.dailyCostLimit().toPlainString(),
                    k.monthlyCostLimit() == null ? "-" : k.monthlyCostLimit().toPlainString(),
                    k.lastUsedAt() == null ? "never" : k.lastUsedAt().toString()});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
            }
            ctx.out.println(sb.toString().stripTrailing());
        }
        if (keys.isEmpty()) {
            ctx.err.println("switchboard: no client keys: only loopback clients are served");
        }
        return 0;
    }

    private static int revoke(CliContext ctx, CliArgs args) throws CliException {
        args.onlyOptions(Set.of(), "keys revoke");
        args.atMostWords(3, "keys revoke NAME");
        String name = args.word(2);
        if (name == null) {
            throw CliException.usage("keys revoke needs a NAME");
        }
        ClientKeyRepository keys = ctx.store().clientKeys();
        ClientKey k = keys.find(name).orElseThrow(() -> CliException.failed("no client key named '" + name + "'"));
        if (!keys.revoke(k.id())) {
            ctx.out.println("client key '" + name + "' was already revoked");
            return 0;
        }
        ctx.out.println("revoked client key '" + name + "'" + (k.source() == dev.switchboard.kernel.store.ClientKeySource.YAML
                ? " (it is declared in the configuration: it stays revoked at the next start while its key is "
                + "unchanged; remove it there to get rid of it)" : ""));
        return 0;
    }

    private static String orDash(Object v) {
        return v == null ? "-" : v.toString();
    }

    private static Optional<Long> integer(CliArgs args, String option) throws CliException {
        Optional<String> v = args.option(option);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(v.get().strip());
            return n == 0 && !option.equals("rpm") ? Optional.empty() : Optional.of(n);
        } catch (NumberFormatException e) {
            throw CliException.usage("--" + option + " must be a whole number, got '" + v.get() + "'");
        }
    }

    private static BigDecimal amount(CliArgs args, String option) throws CliException {
        Optional<String> v = args.option(option);
        if (v.isEmpty()) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(v.get().strip());
            return d.signum() == 0 ? null : d;
        } catch (NumberFormatException e) {
            throw CliException.usage("--" + option + " must be an amount such as 5 or 2.50, got '" + v.get() + "'");
        }
    }

    private static Instant instant(CliArgs args, String option) throws CliException {
        Optional<String> v = args.option(option);
        if (v.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(v.get().strip());
        } catch (DateTimeParseException e) {
            throw CliException.usage("--" + option + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }
}
