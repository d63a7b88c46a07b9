/**
 * The Scribe engine: commands enter a Disruptor ring from any thread, one business-logic thread decides each
 * against in-memory state, journals the resulting events and applies them, and consumers behind it on the ring
 * update projections and complete the callers' results.
 */
package dev.scribe.engine;
