/**
 * The web console: static files served by the kernel at {@code /console/} under the admin API's rules, with the
 * security headers every console response carries. The pages themselves call the JSON admin API.
 */
package dev.switchboard.kernel.console;
