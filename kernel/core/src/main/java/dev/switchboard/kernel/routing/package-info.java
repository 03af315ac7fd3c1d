/** Model routing: the client's model name → ordered (provider instance, upstream model) targets. */
package dev.switchboard.kernel.routing;
