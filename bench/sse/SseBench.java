// Live board benchmark client (bench/sse.sh runs it). Creates opportunities at RATE per second, alternating the
// replica it writes through, in phases of SECONDS: with STREAMS event streams open (spread over both replicas
// and ORGS organizations) and with none, interleaved none/streams/streams/none... (ROUNDS pairs, after a
// discarded warm-up) so that JIT warm-up and drift fall on both kinds alike. Per phase it prints the write
// latency, each process's CPU time, and for every stream on the *other* replica the delay from the card's
// 201 to its opportunity.created event (the commit happened before the 201, so this is close to
// commit-to-event, and can be negative when the event beats the 201 to the client).
//
// The streams are read by a separate JVM (this file, mode "readers", one NIO selector thread): in the same
// process as the writer they shared its HttpClient's one selector thread and its executor, so every 201 queued
// behind the stream frames its own write had just caused, and the "with streams" latency included that queueing.
// The readers' process and the writer's run on the same machine and in the same run as the servers; their CPU
// time is printed so it can be weighed. Times are System.nanoTime(), CLOCK_MONOTONIC on Linux: one clock for
// every process of the machine, so the readers' arrival times compare with the writer's.
//
// JDK 17 only; run as a single source file:
//   java SseBench.java PORT_A PORT_B STREAMS ORGS RATE SECONDS ROUNDS SECRET [SERVER_PID...]
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class SseBench {

  record Write(int port, long sentNanos, long[] answeredNanos) {
  }

  /** The readers' JVM, what it says, and its CPU time once its streams were open (start-up is not the phase's). */
  record Readers(Process process, BufferedReader out, long cpuAtOpenMillis) {
  }

  /** One phase's figures; latencies in nanoseconds. */
  record Phase(String kind, List<Long> writes, int errors, List<Long> afterAnswer, long expectedEvents,
               long[] serverCpuMillis, long readerCpuMillis, long writerCpuMillis, double[] server) {
  }

  /**
   * The servers' own view, summed over both from their /metrics: POST 201 response time and the SQL pool's
   * wait for a connection, each as {sum seconds, count}.
   */
  static double[] serverMetrics(int[] ports) throws Exception {
    double[] m = new double[4];
    for (int port : ports) {
      String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      for (String line : text.split("\n")) {
        int at = line.lastIndexOf(' ');
        if (line.startsWith("#") || at < 0) {
          continue;
        }
        double value = Double.parseDouble(line.substring(at + 1));
        boolean post = line.contains("code=\"201\"") && line.contains("method=\"POST\"");
        boolean sqlPool = line.contains("pool_type=\"sql\"");
        if (post && line.startsWith("vertx_http_server_response_time_seconds_sum")) {
          m[0] += value;
        } else if (post && line.startsWith("vertx_http_server_response_time_seconds_count")) {
          m[1] += value;
        } else if (sqlPool && line.startsWith("vertx_pool_queue_time_seconds_sum")) {
          m[2] += value;
        } else if (sqlPool && line.startsWith("vertx_pool_queue_time_seconds_count")) {
          m[3] += value;
        }
      }
    }
    return m;
  }

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(2)).build();

  public static void main(String[] args) throws Exception {
    if (args[0].equals("readers")) {
      SseReaders.run(args);
      return;
    }
    int[] ports = {Integer.parseInt(args[0]), Integer.parseInt(args[1])};
    int streams = Integer.parseInt(args[2]);
    int orgs = Integer.parseInt(args[3]);
    int rate = Integer.parseInt(args[4]);
    int seconds = Integer.parseInt(args[5]);
    int rounds = Integer.parseInt(args[6]);
    String secret = args[7];
    List<Long> serverPids = new ArrayList<>();
    for (int i = 8; i < args.length; i++) {
      serverPids.add(Long.parseLong(args[i]));
    }
    UUID[] orgIds = new UUID[orgs];
    String[] tokens = new String[orgs];
    for (int i = 0; i < orgs; i++) {
      orgIds[i] = UUID.randomUUID();
      tokens[i] = token(secret, orgIds[i], "bench-user-" + i);
      // the first request of an org creates it and its default pipeline, outside the timed part
      sendAsync(ports[0], tokens[i], "GET", "/api/v1/crm/opportunity_pipelines", null).get(30, TimeUnit.SECONDS);
    }
    Writer writer = new Writer(ports, tokens, rate, seconds, streams, serverPids);
    System.out.println("== warm-up: no streams (not reported)");
    writer.phase("none", null);
    List<Phase> phases = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      for (String kind : round % 2 == 0 ? List.of("none", "streams") : List.of("streams", "none")) {
        Phase phase = writer.phase(kind, kind.equals("none") ? null : readers(args, streams, orgIds));
        phases.add(phase);
        print(phases.size(), phase);
      }
    }
    summary(phases);
    System.exit(0);
  }

  /** Starts the readers' JVM and returns once every stream has its first frame. */
  static Readers readers(String[] args, int streams, UUID[] orgIds) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx256m", "bench/sse/SseBench.java", "readers", args[0], args[1], String.valueOf(streams), args[7]));
    for (UUID org : orgIds) {
      command.add(org.toString());
    }
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("open")) {
      throw new IllegalStateException("the readers did not open their streams: " + line);
    }
    String[] f = line.split(" "); // open N failed F cpu MILLIS
    if (!f[3].equals("0")) {
      System.out.println("streams that failed to open: " + f[3]);
    }
    return new Readers(process, out, Long.parseLong(f[5]));
  }

  /** Runs one phase of writes; with readers, collects their arrivals and stops them. */
  static final class Writer {
    private final int[] ports;
    private final String[] tokens;
    private final int rate;
    private final int seconds;
    private final int streams;
    private final List<Long> serverPids;
    private int next;

    Writer(int[] ports, String[] tokens, int rate, int seconds, int streams, List<Long> serverPids) {
      this.ports = ports;
      this.tokens = tokens;
      this.rate = rate;
      this.seconds = seconds;
      this.streams = streams;
      this.serverPids = serverPids;
    }

    Phase phase(String kind, Readers readers) throws Exception {
      int first = next;
      int total = rate * seconds;
      next += total;
      Write[] writes = new Write[total];
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger errors = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(total);
      AtomicInteger sent = new AtomicInteger();
      long[] cpuBefore = serverCpu();
      double[] serverBefore = serverMetrics(ports);
      long writerCpuBefore = ownCpuMillis();
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
      ticker.scheduleAtFixedRate(() -> {
        int i = sent.getAndIncrement();
        if (i >= total) {
          return;
        }
        int n = first + i;
        int port = ports[n % 2];
        Write w = new Write(port, System.nanoTime(), new long[1]);
        writes[i] = w;
        String body = "{\"opportunity\":{\"name\":\"bench-" + n + "\"}}";
        sendAsync(port, tokens[n % tokens.length], "POST", "/api/v1/crm/opportunities", body).whenComplete((r, e) -> {
          w.answeredNanos()[0] = System.nanoTime();
          if (e != null || r.statusCode() != 201) {
            if (errors.incrementAndGet() <= 3) {
              System.out.println("write failed: " + (e != null ? e : r.statusCode() + " " + r.body()));
            }
          } else {
            latencies.add(w.answeredNanos()[0] - w.sentNanos());
          }
          done.countDown();
        });
      }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
      done.await(seconds + 60L, TimeUnit.SECONDS);
      ticker.shutdownNow();
      long[] cpu = serverCpu();
      double[] server = serverMetrics(ports);
      for (int i = 0; i < server.length; i++) {
        server[i] -= serverBefore[i];
      }
      for (int i = 0; i < cpu.length; i++) {
        cpu[i] -= cpuBefore[i];
      }
      long writerCpu = ownCpuMillis() - writerCpuBefore;
      List<Long> afterAnswer = new ArrayList<>();
      long readerCpu = 0;
      long expected = 0;
      if (readers != null) {
        expected = (long) latencies.size() * SseReaders.perWriteOnOtherReplica(streams, tokens.length);
        readerCpu = collect(readers, first, writes, expected, afterAnswer);
      }
      return new Phase(kind, latencies, errors.get(), afterAnswer, expected, cpu, readerCpu, writerCpu, server);
    }

    /** Asks the readers for their arrivals (they wait for the expected count, at most 10 s) and their CPU time. */
    private long collect(Readers readers, int first, Write[] writes, long expected, List<Long> afterAnswer) throws Exception {
      PrintStream toReaders = new PrintStream(readers.process().getOutputStream(), true, StandardCharsets.UTF_8);
      toReaders.println("report " + expected);
      BufferedReader from = readers.out();
      long cpu = -1;
      for (String line; (line = from.readLine()) != null; ) {
        String[] f = line.split(" ");
        if (f[0].equals("cpu")) {
          cpu = Long.parseLong(f[1]) - readers.cpuAtOpenMillis();
          break;
        }
        int i = Integer.parseInt(f[0]) - first;
        if (i >= 0 && i < writes.length && writes[i] != null) {
          afterAnswer.add(Long.parseLong(f[1]) - writes[i].answeredNanos()[0]);
        }
      }
      readers.process().waitFor(30, TimeUnit.SECONDS); // its sockets are closed before the next phase starts
      return cpu;
    }

    private long[] serverCpu() throws Exception {
      long[] cpu = new long[serverPids.size()];
      for (int i = 0; i < cpu.length; i++) {
        cpu[i] = processCpuMillis(serverPids.get(i));
      }
      return cpu;
    }
  }

  static long ownCpuMillis() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
  }

  /** utime + stime of a process, from /proc (clock ticks of 10 ms on Linux). */
  static long processCpuMillis(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
  }

  static void print(int number, Phase p) {
    StringBuilder cpu = new StringBuilder();
    for (long c : p.serverCpuMillis()) {
      cpu.append(cpu.length() == 0 ? "" : "/").append(c);
    }
    System.out.printf("phase %d %-7s writes %d errors %d; write latency p50 %s p99 %s mean %s; CPU ms servers %s writer %d%s%n",
        number, p.kind(), p.writes().size(), p.errors(), ms(pct(p.writes(), 50)), ms(pct(p.writes(), 99)), ms(mean(p.writes())),
        cpu, p.writerCpuMillis(), p.kind().equals("none") ? "" : " readers " + p.readerCpuMillis());
    double[] m = p.server();
    System.out.printf("        server-side: POST 201 mean %.2f ms (%d); SQL pool wait for a connection mean %.3f ms (%d)%n",
        m[1] == 0 ? 0 : m[0] * 1e3 / m[1], (long) m[1], m[3] == 0 ? 0 : m[2] * 1e3 / m[3], (long) m[3]);
    if (!p.kind().equals("none")) {
      System.out.printf("        events on the other replica %d of %d; commit-to-event (event - 201) p50 %s p99 %s max %s%n",
          p.afterAnswer().size(), p.expectedEvents(), ms(pct(p.afterAnswer(), 50)), ms(pct(p.afterAnswer(), 99)),
          ms(pct(p.afterAnswer(), 100)));
    }
  }

  static void summary(List<Phase> phases) {
    List<Long> none = new ArrayList<>();
    List<Long> streams = new ArrayList<>();
    phases.forEach(p -> (p.kind().equals("none") ? none : streams).addAll(p.writes()));
    System.out.printf("all phases: write latency with streams p50 %s p99 %s mean %s; without p50 %s p99 %s mean %s; "
            + "ratio p50 %.2fx mean %.2fx%n", ms(pct(streams, 50)), ms(pct(streams, 99)), ms(mean(streams)), ms(pct(none, 50)),
        ms(pct(none, 99)), ms(mean(none)), (double) pct(streams, 50) / pct(none, 50), mean(streams) / mean(none));
  }

  static long pct(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  static double mean(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).average().orElse(-1);
  }

  static String ms(double nanos) {
    return String.format("%.1f ms", nanos / 1e6);
  }

  static CompletableFuture<HttpResponse<String>> sendAsync(int port, String token, String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String token(String secret, UUID org, String user) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    long now = System.currentTimeMillis() / 1000;
    String claims = b64.encodeToString(("{\"sub\":\"" + user + "\",\"org_id\":\"" + org + "\",\"iat\":" + now
        + ",\"exp\":" + (now + 7200) + "}").getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = b64.encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.UTF_8)));
    return header + "." + claims + "." + signature;
  }
}

/**
 * The stream readers' process: STREAMS plain HTTP/1.1 GETs of /api/v1/crm/events on one NIO selector thread,
 * so reading 500 streams costs as little CPU as it can on the machine the servers share. Prints "open" once
 * every stream has its first frame (the server's position, sent once the stream is attached to its replica's
 * feed, so no write that follows can be missed); on "report EXPECTED" it waits for that many arrivals (at
 * most 10 s), prints "WRITE NANOS" for each event that reached a stream on the replica the write did not go
 * through, then "cpu MILLIS", and exits. The chunked body is read as lines: the server writes each frame as
 * one chunk, so a chunk's size line is just one more line that is neither "id:" nor "data:".
 */
class SseReaders {

  private static final byte[] NAME = "\"name\":\"bench-".getBytes(StandardCharsets.US_ASCII);

  static int perWriteOnOtherReplica(int streams, int orgs) {
    return streams / orgs / 2;
  }

  /** One stream: its replica and the bytes of a line not yet complete. */
  private static final class Conn {
    final int port;
    final byte[] request;
    byte[] line = new byte[4096];
    int length;
    boolean open;

    Conn(int port, byte[] request) {
      this.port = port;
      this.request = request;
    }
  }

  private static volatile long expected = -1;
  private static long[] arrivals = new long[1 << 16]; // pairs: write number, arrival nanos
  private static int arrived;
  private static int open;
  private static int failed;

  static void run(String[] args) throws Exception {
    int[] ports = {Integer.parseInt(args[1]), Integer.parseInt(args[2])};
    int streams = Integer.parseInt(args[3]);
    String secret = args[4];
    int orgs = args.length - 5;
    java.nio.channels.Selector selector = java.nio.channels.Selector.open();
    for (int s = 0; s < streams; s++) {
      int org = s % orgs;
      int port = ports[(s / orgs) % 2];
      String token = SseBench.token(secret, UUID.fromString(args[5 + org]), "bench-user-" + org);
      byte[] request = ("GET /api/v1/crm/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
          + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open();
      channel.configureBlocking(false);
      channel.connect(new java.net.InetSocketAddress("127.0.0.1", port));
      channel.register(selector, java.nio.channels.SelectionKey.OP_CONNECT, new Conn(port, request));
    }
    Thread stdin = new Thread(() -> {
      try {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        expected = line == null ? 0 : Long.parseLong(line.split(" ")[1]);
      } catch (Exception e) {
        expected = 0;
      }
    });
    stdin.setDaemon(true);
    stdin.start();
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(1 << 16);
    boolean announced = false;
    long deadline = Long.MAX_VALUE;
    while (true) {
      if (!announced && open + failed == streams) {
        announced = true;
        System.out.println("open " + open + " failed " + failed + " cpu " + SseBench.ownCpuMillis());
        System.out.flush();
      }
      long want = expected;
      if (want >= 0) {
        deadline = Math.min(deadline, System.nanoTime() + 10_000_000_000L);
        if (arrived >= want || System.nanoTime() > deadline) {
          break;
        }
      }
      selector.select(100);
      long now = System.nanoTime();
      for (java.nio.channels.SelectionKey key : selector.selectedKeys()) {
        Conn conn = (Conn) key.attachment();
        java.nio.channels.SocketChannel channel = (java.nio.channels.SocketChannel) key.channel();
        try {
          if (key.isConnectable()) {
            channel.finishConnect();
            channel.write(java.nio.ByteBuffer.wrap(conn.request)); // a few hundred bytes: the socket takes them whole
            key.interestOps(java.nio.channels.SelectionKey.OP_READ);
          } else if (key.isReadable()) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
              throw new java.io.EOFException("stream closed by the server");
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
              byte b = buffer.get();
              if (b == '\n') {
                line(conn, ports, now);
                conn.length = 0;
              } else {
                if (conn.length == conn.line.length) {
                  conn.line = java.util.Arrays.copyOf(conn.line, conn.line.length * 2);
                }
                conn.line[conn.length++] = b;
              }
            }
          }
        } catch (Exception e) {
          if (!conn.open) {
            failed++;
          }
          if (failed <= 3) {
            System.err.println("stream failed: " + e);
          }
          key.cancel();
          channel.close();
        }
      }
      selector.selectedKeys().clear();
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < arrived; i++) {
      out.append(arrivals[2 * i]).append(' ').append(arrivals[2 * i + 1]).append('\n');
    }
    out.append("cpu ").append(SseBench.ownCpuMillis()).append('\n');
    System.out.print(out);
    System.out.flush();
    System.exit(0);
  }

  private static void line(Conn conn, int[] ports, long now) {
    byte[] l = conn.line;
    int len = conn.length;
    if (!conn.open && len >= 4 && l[0] == 'i' && l[1] == 'd' && l[2] == ':' && l[3] == ' ') {
      conn.open = true;
      open++;
      return;
    }
    if (len < 6 || l[0] != 'd' || l[1] != 'a' || l[2] != 't' || l[3] != 'a' || l[4] != ':') {
      return;
    }
    int at = indexOf(l, len, NAME);
    if (at < 0) {
      return;
    }
    int n = 0;
    for (int i = at + NAME.length; i < len && l[i] >= '0' && l[i] <= '9'; i++) {
      n = n * 10 + (l[i] - '0');
    }
    if (conn.port == ports[n % 2]) {
      return; // the replica the write went through: not what commit-to-event across replicas measures
    }
    if (2 * arrived + 1 >= arrivals.length) {
      arrivals = java.util.Arrays.copyOf(arrivals, arrivals.length * 2);
    }
    arrivals[2 * arrived] = n;
    arrivals[2 * arrived + 1] = now;
    arrived++;
  }

  private static int indexOf(byte[] haystack, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
