package vn.soctinh.analyzer.parse;

import vn.soctinh.analyzer.event.Event;

/**
 * ECS {@code source.address}, {@code destination.address}, {@code client.address} and
 * {@code server.address}: the endpoint as the log named it, which Elastic's integrations always set
 * beside {@code .ip} or {@code .domain} (queries and dashboards written for them use it). Filled
 * once for every parser, after it: the address a parser saw is its {@code .ip}, else its
 * {@code .domain}; one the parser (or a JSON sender) wrote itself is left alone.
 */
final class EndpointAddresses {
  private static final String[] SIDES = {"source", "destination", "client", "server"};
  // literals, so that the event's look-ups end on a hash compare
  private static final String[] ADDRESS = {"source.address", "destination.address", "client.address", "server.address"};
  private static final String[] IP = {"source.ip", "destination.ip", "client.ip", "server.ip"};
  private static final String[] DOMAIN = {"source.domain", "destination.domain", "client.domain", "server.domain"};

  private EndpointAddresses() {}

  static void fill(Event e) {
    for (int i = 0; i < SIDES.length; i++) {
      if (e.has(ADDRESS[i])) continue;
      Object v = e.get(IP[i]);
      if (!(v instanceof String s) || s.isEmpty()) v = e.get(DOMAIN[i]);
      if (v instanceof String s && !s.isEmpty()) e.put(ADDRESS[i], s);
    }
  }
}
