package vn.soctinh.app.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import vn.soctinh.analyzer.store.elasticsearch.ElasticsearchEventStore;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.journal.KafkaClusterStatus;

/** {@code soctinh cluster status}: the cluster's journal (brokers, partitions, backlog, which node reads what) and its store. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "A cluster's state (journal.kind: kafka).",
    subcommands = {ClusterCommand.Status.class})
final class ClusterCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a subcommand (status)");
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = {"Brokers, partitions (leader, copies in sync, backlog), the analyzing nodes and their partitions, and the",
          "Elasticsearch cluster's health. Exit 0 when all is well, 1 when something needs a look (a broker or copy away,",
          "a partition read by no node, Elasticsearch not green), 2 when the brokers do not answer."})
  static final class Status implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Option(names = "--json", description = "print JSON") boolean json;
    @Option(names = "--timeout-ms", defaultValue = "10000", description = "how long to wait for the brokers and Elasticsearch (default: ${DEFAULT-VALUE})")
    long timeoutMs;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      SocTinhConfig c = config.load();
      if (c.kafka() == null) {
        throw new ExitException(2, "this node is not part of a cluster: its journal.kind is embedded (docs/design/cluster.md)");
      }
      KafkaClusterStatus k;
      try {
        k = KafkaClusterStatus.read(c.kafka(), timeoutMs);
      } catch (java.io.IOException e) {
        throw new ExitException(2, "cluster journal: " + e.getMessage());
      }
      JsonObject r = report(c, k);
      var out = spec.commandLine().getOut();
      if (json) out.println(r.encodePrettily());
      else out.print(text(r));
      out.flush();
      return r.getBoolean("ok") ? 0 : 1;
    }

    static JsonObject report(SocTinhConfig c, KafkaClusterStatus k) {
      JsonArray brokers = new JsonArray();
      for (KafkaClusterStatus.Broker b : k.brokers()) brokers.add(new JsonObject().put("id", b.id()).put("address", b.host() + ":" + b.port()));
      JsonArray parts = new JsonArray();
      java.util.Set<Integer> read = new java.util.HashSet<>();
      JsonArray nodes = new JsonArray();
      for (KafkaClusterStatus.Member m : k.members()) {
        read.addAll(m.partitions());
        nodes.add(new JsonObject().put("node", m.clientId()).put("host", m.host()).put("partitions", new JsonArray(m.partitions())));
      }
      int unread = 0;
      for (KafkaClusterStatus.Partition p : k.partitions()) {
        if (!read.contains(p.partition())) unread++;
        parts.add(new JsonObject().put("partition", p.partition()).put("leader", p.leader()).put("replicas", new JsonArray(p.replicas()))
            .put("in_sync", new JsonArray(p.inSync())).put("end", p.end()).put("committed", p.committed()).put("lag", p.lag()));
      }
      JsonObject es = elasticsearch(c);
      boolean ok = k.underReplicated() == 0 && unread == 0 && !k.members().isEmpty() && "green".equals(es.getString("status"));
      return new JsonObject().put("ok", ok)
          .put("journal", new JsonObject().put("topic", c.kafka().topic()).put("group", c.kafka().group()).put("group_state", k.groupState())
              .put("brokers", brokers).put("controller", k.controller()).put("partitions", parts).put("lag", k.lag())
              .put("under_replicated", k.underReplicated()).put("unread_partitions", unread))
          .put("nodes", nodes)
          .put("elasticsearch", es);
    }

    private static JsonObject elasticsearch(SocTinhConfig c) {
      if (c.analyzer().elasticsearch() == null) return new JsonObject().put("status", "none").put("note", "analyzer.store is not elasticsearch");
      try (ElasticsearchEventStore es = ElasticsearchEventStore.openForReading(c.analyzer().elasticsearch())) {
        Map<String, Object> h = es.clusterHealth();
        return new JsonObject().put("status", h.get("status")).put("nodes", h.get("number_of_nodes")).put("data_nodes", h.get("number_of_data_nodes"))
            .put("unassigned_shards", h.get("unassigned_shards")).put("cluster", h.get("cluster_name"));
      } catch (Exception e) {
        return new JsonObject().put("status", "unreachable").put("error", String.valueOf(e.getMessage()));
      }
    }

    static String text(JsonObject r) {
      StringBuilder b = new StringBuilder();
      JsonObject j = r.getJsonObject("journal");
      b.append("cluster:        ").append(r.getBoolean("ok") ? "ok" : "needs a look").append('\n');
      b.append("journal:        topic ").append(j.getString("topic")).append(", group ").append(j.getString("group")).append(" (")
          .append(j.getString("group_state")).append("), backlog ").append(j.getLong("lag")).append(" records\n");
      b.append("brokers:        ");
      for (int i = 0; i < j.getJsonArray("brokers").size(); i++) {
        JsonObject x = j.getJsonArray("brokers").getJsonObject(i);
        b.append(i == 0 ? "" : ", ").append(x.getInteger("id")).append('@').append(x.getString("address"))
            .append(x.getInteger("id") == j.getInteger("controller") ? " (controller)" : "");
      }
      b.append('\n');
      b.append("partitions:     ").append(j.getJsonArray("partitions").size()).append(", ").append(j.getLong("under_replicated"))
          .append(" with a copy away, ").append(j.getInteger("unread_partitions")).append(" read by no node\n");
      for (int i = 0; i < j.getJsonArray("partitions").size(); i++) {
        JsonObject p = j.getJsonArray("partitions").getJsonObject(i);
        b.append(String.format("  %3d  leader %-3d in sync %-12s backlog %d%n", p.getInteger("partition"), p.getInteger("leader"),
            p.getJsonArray("in_sync").encode(), p.getLong("lag")));
      }
      JsonArray nodes = r.getJsonArray("nodes");
      b.append("nodes:          ").append(nodes.size()).append('\n');
      for (int i = 0; i < nodes.size(); i++) {
        JsonObject n = nodes.getJsonObject(i);
        b.append("  ").append(n.getString("node")).append(" (").append(n.getString("host")).append("): partitions ")
            .append(n.getJsonArray("partitions").encode()).append('\n');
      }
      JsonObject es = r.getJsonObject("elasticsearch");
      b.append("elasticsearch:  ").append(es.getString("status"));
      if (es.containsKey("nodes")) b.append(", ").append(es.getValue("nodes")).append(" nodes, ").append(es.getValue("unassigned_shards")).append(" shards unassigned");
      if (es.containsKey("error")) b.append(": ").append(es.getString("error"));
      b.append('\n');
      return b.toString();
    }
  }
}
