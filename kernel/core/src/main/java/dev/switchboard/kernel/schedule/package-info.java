/**
 * Background work per provider instance: credential refresh ahead of expiry, scheduled health checks
 * (which also recover accounts that cooled down after errors), and quota synchronisation.
 */
package dev.switchboard.kernel.schedule;
