package org.newsarchive.solr;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.cloud.ZkTestServer;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * The archive's local SolrCloud: N Solr nodes (Jetty) and an embedded ZooKeeper in this one JVM, on
 * fixed ports, until the process is killed.
 *
 * <p>Started by {@code make solr}, which then uploads the configset and creates the collection over
 * HTTP ({@code manage.py solr_setup}), exactly as against a production cluster: this class knows
 * nothing about the archive's schema.
 *
 * <p>System properties: {@code archive.solr.dir} (data, wiped at start: the cluster is for development
 * and tests, its index is rebuilt after a start), {@code archive.solr.ports} (comma-separated node
 * ports, default 8983,8984), {@code archive.solr.zkPort} (default 9983), {@code archive.solr.controlPort}
 * (default 8989: a loopback-only HTTP port to stop and start one node, so tests can take a node down).
 *
 * <p>Writes {@code solr.pid} at once and {@code ready} when every node is live; removes both on exit.
 */
public final class SolrRunner {
  private final MiniSolrCloudCluster cluster;
  private final ZkTestServer zk;
  private final int[] ports;
  // Index i holds node i+1's runner, also while it is stopped (the cluster forgets stopped nodes).
  private final List<JettySolrRunner> nodes = new ArrayList<>();

  private SolrRunner(Path dir, int[] ports, int zkPort) throws Exception {
    this.ports = ports;
    zk = new ZkTestServer(dir.resolve("zookeeper"), zkPort);
    zk.run();
    cluster =
        new MiniSolrCloudCluster(
            0, dir, MiniSolrCloudCluster.DEFAULT_CLOUD_SOLR_XML, jetty(0), zk, true);
    // Nodes start side by side, as MiniSolrCloudCluster's own constructor does: most of a node's
    // start-up is waiting on ZooKeeper, not CPU.
    ExecutorService starter = Executors.newFixedThreadPool(ports.length);
    try {
      List<Future<JettySolrRunner>> started = new ArrayList<>();
      for (int i = 0; i < ports.length; i++) {
        String name = "node" + (i + 1);
        JettyConfig config = jetty(ports[i]);
        started.add(starter.submit(() -> cluster.startJettySolrRunner(name, "/solr", config)));
      }
      for (Future<JettySolrRunner> node : started) nodes.add(node.get());
    } finally {
      starter.shutdown();
    }
    cluster.waitForAllNodes(120);
  }

  private static JettyConfig jetty(int port) {
    return JettyConfig.builder().setPort(port).setContext("/solr").stopAtShutdown(false).build();
  }

  private synchronized String stopNode(int n) throws Exception {
    JettySolrRunner node = nodes.get(n - 1);
    if (!node.isRunning()) return "node " + n + " already stopped\n";
    cluster.stopJettySolrRunner(node);
    cluster.waitForJettyToStop(node);
    return "node " + n + " stopped\n";
  }

  private synchronized String startNode(int n) throws Exception {
    JettySolrRunner node = nodes.get(n - 1);
    if (node.isRunning()) return "node " + n + " already running\n";
    // Same port as before, so the node keeps its name (host:port_solr) and its replicas.
    node.start(true);
    cluster.waitForNode(node, 120);
    return "node " + n + " started\n";
  }

  private synchronized String status() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      out.append("node ")
          .append(i + 1)
          .append(' ')
          .append(ports[i])
          .append(' ')
          .append(nodes.get(i).isRunning() ? "running" : "stopped")
          .append('\n');
    }
    return out.toString();
  }

  private void shutdown() {
    try {
      cluster.shutdown();
    } catch (Exception e) {
      System.err.println("SolrRunner: error while stopping the nodes: " + e);
    }
    try {
      zk.shutdown();
    } catch (Exception e) {
      System.err.println("SolrRunner: error while stopping ZooKeeper: " + e);
    }
  }

  /** POST /nodes/N/stop, POST /nodes/N/start, GET /status; loopback only. */
  private HttpServer control(int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/status", ex -> reply(ex, 200, status()));
    server.createContext(
        "/nodes/",
        ex -> {
          String[] parts = ex.getRequestURI().getPath().split("/");
          // ["", "nodes", N, action]
          if (!"POST".equals(ex.getRequestMethod()) || parts.length != 4) {
            reply(ex, 400, "use POST /nodes/N/stop or POST /nodes/N/start\n");
            return;
          }
          int n;
          try {
            n = Integer.parseInt(parts[2]);
          } catch (NumberFormatException e) {
            n = 0;
          }
          if (n < 1 || n > nodes.size()) {
            reply(ex, 404, "no node " + parts[2] + " (nodes 1 to " + nodes.size() + ")\n");
            return;
          }
          try {
            switch (parts[3]) {
              case "stop" -> reply(ex, 200, stopNode(n));
              case "start" -> reply(ex, 200, startNode(n));
              default -> reply(ex, 400, "unknown action " + parts[3] + "\n");
            }
          } catch (Exception e) {
            reply(ex, 500, e + "\n");
          }
        });
    server.setExecutor(Executors.newSingleThreadExecutor());
    server.start();
    return server;
  }

  private static void reply(HttpExchange ex, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void wipe(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(System.getProperty("archive.solr.dir", "var/solr")).toAbsolutePath();
    int[] ports =
        Stream.of(System.getProperty("archive.solr.ports", "8983,8984").split(","))
            .map(String::trim)
            .mapToInt(Integer::parseInt)
            .toArray();
    int zkPort = Integer.getInteger("archive.solr.zkPort", 9983);
    int controlPort = Integer.getInteger("archive.solr.controlPort", 8989);

    Files.createDirectories(dir);
    Path pidFile = dir.resolve("solr.pid");
    Path readyFile = dir.resolve("ready");
    Path data = dir.resolve("cluster");
    wipe(data);
    Files.deleteIfExists(readyFile);
    Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");

    CountDownLatch stopped = new CountDownLatch(1);
    SolrRunner[] runner = new SolrRunner[1];
    HttpServer[] server = new HttpServer[1];
    // SIGTERM and SIGINT run this hook: stop the nodes before ZooKeeper, then say we are gone.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (server[0] != null) server[0].stop(0);
                  if (runner[0] != null) runner[0].shutdown();
                  try {
                    Files.deleteIfExists(readyFile);
                    Files.deleteIfExists(pidFile);
                  } catch (IOException e) {
                    System.err.println("SolrRunner: " + e);
                  }
                  stopped.countDown();
                }));

    runner[0] = new SolrRunner(data, ports, zkPort);
    server[0] = runner[0].control(controlPort);
    StringBuilder urls = new StringBuilder();
    for (int port : ports) urls.append("http://127.0.0.1:").append(port).append("/solr\n");
    Files.writeString(readyFile, urls.toString());
    System.err.println(
        "SolrRunner: "
            + ports.length
            + " nodes ready, ZooKeeper on 127.0.0.1:"
            + zkPort
            + ", control on 127.0.0.1:"
            + controlPort);
    stopped.await();
  }
}
