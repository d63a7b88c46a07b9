/**
 * The node agent's link to its peer over sockets: {@link dev.scribe.replication.link.SocketPeerLink}.
 */
package dev.scribe.replication.link;
