package dev.switchboard.kernel.cluster;

import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.runtime.ProviderRegistry;
import dev.switchboard.kernel.store.AccountChange;
import dev.switchboard.kernel.store.AccountRepository;
import dev.switchboard.kernel.store.PoolAccountStore;
import dev.switchboard.kernel.store.StoredAccount;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps this gateway's pools in step with account changes other gateways make in the shared database — cooling,
 * exhausted, reauth-required, disabled, banned, rotated credentials, settings, new and deleted accounts. A change
 * is announced when it is committed ({@link AccountChange}) and this gateway re-reads that row; between
 * announcements, {@link #poll()} compares every row's last change with what it last saw and re-reads the rows that
 * differ (deleted ones leave their pool). The caller polls often while announcements are not arriving and now and
 * then while they are, as a safety net. Thread-safe: messages and polls may run concurrently; each applies the row
 * as it is in the database at that moment, so order does not matter.
 */
final class AccountSync {
    private static final Logger LOG = Logger.getLogger(AccountSync.class.getName());

    private final AccountRepository accounts;
    private final ProviderRegistry registry;
    private final Map<Long, Instant> seen = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicLong fromMessages = new java.util.concurrent.atomic.AtomicLong();

    AccountSync(AccountRepository accounts, ProviderRegistry registry) {
        this.accounts = accounts;
        this.registry = registry;
    }

    /** A feed message: re-reads the account it names. */
    void onMessage(String message) {
        OptionalLong id = AccountChange.parse(message);
        if (id.isPresent()) {
            refresh(id.getAsLong());
            fromMessages.incrementAndGet();
        }
    }

    /** Account changes applied because another gateway announced them (tests tell them from polls). */
    long appliedFromMessages() {
        return fromMessages.get();
    }

    /** Re-reads one account and applies it to its pool, or drops it from every pool when it is gone. */
    void refresh(long id) {
        Optional<StoredAccount> stored = accounts.find(id);
        if (stored.isPresent()) {
            StoredAccount a = stored.get();
            ProviderInstance inst = registry.get(a.provider());
            if (inst != null) {
                inst.pool().applyStored(PoolAccountStore.toRecord(a));
            }
            synchronized (seen) {
                seen.put(id, a.updatedAt());
            }
            return;
        }
        for (ProviderInstance inst : registry.all()) {
            inst.pool().forget(id);
        }
        synchronized (seen) {
            seen.remove(id);
        }
    }

    /** Compares every row's last change with what was seen and re-reads those that changed. Returns how many. */
    synchronized int poll() {
        List<AccountRepository.Version> rows = accounts.versions();
        Set<Long> present = new HashSet<>();
        int changed = 0;
        for (AccountRepository.Version v : rows) {
            present.add(v.id());
            Instant before;
            synchronized (seen) {
                before = seen.get(v.id());
            }
            if (!Objects.equals(before, v.updatedAt())) {
                changed++;
                try {
                    refresh(v.id());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "account " + v.provider() + "#" + v.id() + " could not be re-read", e);
                }
            }
        }
        for (ProviderInstance inst : registry.all()) {
            AccountPool pool = inst.pool();
            for (var a : pool.accounts()) {
                // Confirmed, because this gateway may have added it after the versions were read.
                if (!present.contains(a.id()) && accounts.find(a.id()).isEmpty()) {
                    pool.forget(a.id());
                    changed++;
                }
            }
        }
        synchronized (seen) {
            seen.keySet().retainAll(present);
        }
        return changed;
    }
}
