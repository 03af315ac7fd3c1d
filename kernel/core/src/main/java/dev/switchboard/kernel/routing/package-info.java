/** Model routing: the client's model name → ordered (provider instance, upstream model) targets (decision 7). */
package dev.switchboard.kernel.routing;
