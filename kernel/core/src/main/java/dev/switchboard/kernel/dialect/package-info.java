/**
 * The three client dialects as thin adapters over the SPI's wire codecs (decision 9): the kernel and the
 * plugins share one implementation of each direction.
 */
package dev.switchboard.kernel.dialect;
