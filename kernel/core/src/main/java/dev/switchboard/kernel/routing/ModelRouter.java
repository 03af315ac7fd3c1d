package dev.switchboard.kernel.routing;

import dev.switchboard.kernel.config.RouteEntry;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.runtime.ProviderRegistry;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Resolves a client's model name to ordered targets: the first route in file order whose model (or glob)
 * matches wins; each target names an upstream model or lets its plugin's table decide. A name no route
 * matches is served by the first provider whose own model table knows it, so a provider with a model table
 * needs no routes for its own models. Immutable and thread-safe.
 */
public final class ModelRouter {
    private final List<CompiledRoute> routes;
    private final ProviderRegistry registry;

    private record CompiledRoute(Glob glob, RouteEntry entry) {
    }

    public ModelRouter(List<RouteEntry> routes, ProviderRegistry registry) {
        this.routes = routes.stream().map(r -> new CompiledRoute(Glob.of(r.model()), r)).toList();
        this.registry = registry;
    }

    /**
     * The targets for a model, in order.
     *
     * @throws GatewayException {@link ErrorKind#NOT_FOUND} when nothing serves the model
     */
    public List<RouteTarget> resolve(String model) throws GatewayException {
        for (CompiledRoute r : routes) {
            if (!r.glob.matches(model)) {
                continue;
            }
            List<RouteTarget> out = new ArrayList<>();
            for (RouteEntry.Target t : r.entry.targets()) {
                ProviderInstance inst = registry.get(t.provider());
                if (inst == null) {
                    continue; // disabled provider
                }
                if (t.model() != null) {
                    out.add(new RouteTarget(inst, t.model()));
                } else if (inst.ready()) {
                    inst.provider().resolveModel(model).ifPresent(m -> out.add(new RouteTarget(inst, m)));
                }
            }
            if (out.isEmpty()) {
                throw notFound(model, "route '" + r.entry.model() + "' has no target that serves it");
            }
            return out;
        }
        for (ProviderInstance inst : registry.all()) {
            if (inst.ready()) {
                Optional<String> m = inst.provider().resolveModel(model);
                if (m.isPresent()) {
                    return List.of(new RouteTarget(inst, m.get()));
                }
            }
        }
        throw notFound(model, null);
    }

    private static GatewayException notFound(String model, String why) {
        return GatewayException.builder(ErrorKind.NOT_FOUND).param("model")
                .message("model '" + model + "' is not served by this gateway" + (why == null ? "" : " (" + why + ")"))
                .build();
    }

    /**
     * Model names to list in {@code /v1/models}: concrete route names, the plugin-table models
     * that glob routes can reach, and the table models of every provider; never a glob.
     */
    public List<String> listModels(Predicate<String> allowed) {
        Set<String> out = new LinkedHashSet<>();
        for (CompiledRoute r : routes) {
            if (r.glob.isLiteral()) {
                out.add(r.entry.model());
                continue;
            }
            for (RouteEntry.Target t : r.entry.targets()) {
                ProviderInstance inst = registry.get(t.provider());
                if (t.model() == null && inst != null && inst.ready()) {
                    for (String m : inst.provider().models()) {
                        if (r.glob.matches(m)) {
                            out.add(m);
                        }
                    }
                }
            }
        }
        for (ProviderInstance inst : registry.all()) {
            if (inst.ready()) {
                out.addAll(inst.provider().models());
            }
        }
        return out.stream().filter(m -> {
            try {
                resolve(m);
                return allowed.test(m);
            } catch (GatewayException e) {
                return false;
            }
        }).toList();
    }
}
