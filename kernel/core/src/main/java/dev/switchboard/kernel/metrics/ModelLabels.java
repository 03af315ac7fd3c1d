package dev.switchboard.kernel.metrics;

import dev.switchboard.kernel.config.RouteEntry;
import dev.switchboard.kernel.routing.Glob;
import dev.switchboard.kernel.runtime.ProviderInstance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Model names as metric label values, bounded by what the configuration knows: a client may send any model
 * string, and every distinct label value would be a new time series. A route model label is a concrete route
 * name, else the glob of the route that matched ({@code claude-*}), else a model of a provider's own table, else
 * {@value #OTHER}; an upstream model label is a route target's model, a provider table's model (as requested or
 * as resolved) or a priced model, else {@value #OTHER}. Names match ignoring case and are reported as the
 * configuration spells them. Immutable and thread-safe.
 */
public final class ModelLabels {
    private static final Logger LOG = Logger.getLogger(ModelLabels.class.getName());
    /** The label value of every name the configuration does not know. */
    public static final String OTHER = "other";
    /** The label value when there is no model (the request never named one). */
    public static final String NONE = "none";

    private final Map<String, String> routeNames;
    private final List<Glob> routeGlobs;
    private final Map<String, String> upstreamNames;

    private ModelLabels(Map<String, String> routeNames, List<Glob> routeGlobs, Map<String, String> upstreamNames) {
        this.routeNames = routeNames;
        this.routeGlobs = routeGlobs;
        this.upstreamNames = upstreamNames;
    }

    /**
     * @param pricedModels the names the price tables know (globs among them are ignored for upstream labels)
     */
    public static ModelLabels of(List<RouteEntry> routes, Collection<ProviderInstance> providers,
                                 Collection<String> pricedModels) {
        Map<String, String> routeNames = new HashMap<>();
        List<Glob> globs = new ArrayList<>();
        Map<String, String> upstream = new HashMap<>();
        for (RouteEntry r : routes) {
            Glob g = Glob.of(r.model());
            if (g.isLiteral()) {
                routeNames.putIfAbsent(key(r.model()), r.model());
            } else {
                globs.add(g);
            }
            for (RouteEntry.Target t : r.targets()) {
                if (t.model() != null) {
                    upstream.putIfAbsent(key(t.model()), t.model());
                }
            }
        }
        for (ProviderInstance i : providers) {
            if (!i.ready()) {
                continue;
            }
            try {
                for (String m : i.provider().models()) {
                    routeNames.putIfAbsent(key(m), m);
                    upstream.putIfAbsent(key(m), m);
                    i.provider().resolveModel(m).ifPresent(u -> upstream.putIfAbsent(key(u), u));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the model table of provider " + i.id() + " could not be read for metric "
                        + "labels; its models are reported as '" + OTHER + "'", e);
            }
        }
        for (String m : pricedModels) {
            if (Glob.of(m).isLiteral()) {
                upstream.putIfAbsent(key(m), m);
            }
        }
        return new ModelLabels(Map.copyOf(routeNames), List.copyOf(globs), Map.copyOf(upstream));
    }

    /** The label of the model a client asked for. */
    public String route(String requested) {
        if (requested == null || requested.isEmpty()) {
            return NONE;
        }
        String known = routeNames.get(key(requested));
        if (known != null) {
            return known;
        }
        for (Glob g : routeGlobs) {
            if (g.matches(requested)) {
                return g.source();
            }
        }
        return OTHER;
    }

    /** The label of a model sent upstream. */
    public String upstream(String model) {
        if (model == null || model.isEmpty()) {
            return NONE;
        }
        return upstreamNames.getOrDefault(key(model), OTHER);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
