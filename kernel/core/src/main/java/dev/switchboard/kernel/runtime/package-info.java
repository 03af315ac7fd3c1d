/**
 * Provider instances at run time: each one's plugin provider, transport, account pool and credential
 * refresh coordination, built from configuration by {@link dev.switchboard.kernel.runtime.ProviderRegistry}.
 */
package dev.switchboard.kernel.runtime;
