/**
 * The fail-over demo: the bank as a replicated pair of processes on 127.0.0.1. {@link
 * dev.scribe.examples.failover.BankNode} is one node, driven over its standard input; {@link
 * dev.scribe.examples.failover.FailoverDemo} runs two of them, kills the primary, promotes the standby and brings the
 * old primary back as the new standby.
 */
package dev.scribe.examples.failover;
