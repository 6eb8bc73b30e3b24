// Live board benchmark client (bench/sse.sh runs it): opens STREAMS event streams spread over two
// api-server replicas and ORGS organizations, then creates opportunities at RATE per second for
// SECONDS, alternating the replica it writes through. For every created card it notes when the
// request was sent and when its 201 arrived, and for every stream on the *other* replica when the
// card's opportunity.created event arrived. Prints the write latency and both commit-to-event bounds:
// event minus response (the commit happened before the response) and event minus request sent.
// JDK only; run as a single source file: java SseBench.java PORT_A PORT_B STREAMS ORGS RATE SECONDS SECRET
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class SseBench {

  record Write(int org, int port, long sentNanos, long[] answeredNanos) {
  }

  static final Pattern NAME = Pattern.compile("\"name\":\"bench-(\\d+)\"");
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
      .executor(Executors.newFixedThreadPool(4)).build();

  public static void main(String[] args) throws Exception {
    int[] ports = {Integer.parseInt(args[0]), Integer.parseInt(args[1])};
    int streams = Integer.parseInt(args[2]);
    int orgs = Integer.parseInt(args[3]);
    int rate = Integer.parseInt(args[4]);
    int seconds = Integer.parseInt(args[5]);
    String secret = args[6];
    String[] tokens = new String[orgs];
    for (int i = 0; i < orgs; i++) {
      tokens[i] = token(secret, UUID.randomUUID(), "bench-user-" + i);
      // first request of an org creates it and its default pipeline, outside the timed part
      send(ports[0], tokens[i], "GET", "/api/v1/crm/opportunity_pipelines", null);
    }
    Map<Integer, Write> writes = new ConcurrentHashMap<>();
    List<long[]> delays = Collections.synchronizedList(new ArrayList<>()); // {write number, event arrival}
    // a stream counts as open once its first line is in: the server's position frame, sent when the stream is
    // attached to its replica's feed, so no write below can be missed by a stream still being set up
    CountDownLatch open = new CountDownLatch(streams);
    int perWrite = streams / orgs / 2;
    CountDownLatch arrived = new CountDownLatch(rate * seconds * perWrite);
    AtomicInteger failedStreams = new AtomicInteger();
    for (int s = 0; s < streams; s++) {
      int org = s % orgs;
      int port = ports[(s / orgs) % 2];
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/crm/events"))
          .header("Authorization", "Bearer " + tokens[org]).header("Accept", "text/event-stream").build();
      HTTP.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
        private boolean counted;

        private void countOpen() {
          if (!counted) {
            counted = true;
            open.countDown();
          }
        }

        public void onSubscribe(Flow.Subscription subscription) {
          subscription.request(Long.MAX_VALUE);
        }

        public void onNext(String line) {
          countOpen();
          if (!line.startsWith("data: ")) {
            return;
          }
          long now = System.nanoTime();
          Matcher m = NAME.matcher(line);
          if (m.find()) {
            Write w = writes.get(Integer.parseInt(m.group(1)));
            if (w != null && w.port() != port) {
              delays.add(new long[] {Integer.parseInt(m.group(1)), now}); // the 201 may not be in yet: compare later
              arrived.countDown();
            }
          }
        }

        public void onError(Throwable e) {
          countOpen();
          if (failedStreams.incrementAndGet() <= 3) {
            System.out.println("stream failed: " + e);
          }
        }

        public void onComplete() {
        }
      })).exceptionally(e -> {
        if (failedStreams.incrementAndGet() <= 3) {
          System.out.println("stream failed: " + e);
        }
        open.countDown();
        return null;
      });
    }
    if (!open.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("streams did not open");
    }
    System.out.printf("streams open: %d (failed %d)%n", streams, failedStreams.get());

    List<Long> writeNanos = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errors = new AtomicInteger();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    int total = rate * seconds;
    CountDownLatch done = new CountDownLatch(total);
    AtomicInteger next = new AtomicInteger();
    ticker.scheduleAtFixedRate(() -> {
      int n = next.getAndIncrement();
      if (n >= total) {
        return;
      }
      int org = n % orgs;
      int port = ports[n % 2];
      Write w = new Write(org, port, System.nanoTime(), new long[1]);
      writes.put(n, w);
      String body = "{\"opportunity\":{\"name\":\"bench-" + n + "\"}}";
      sendAsync(port, tokens[org], "POST", "/api/v1/crm/opportunities", body).whenComplete((r, e) -> {
        w.answeredNanos()[0] = System.nanoTime();
        if (e != null || r.statusCode() != 201) {
          if (errors.incrementAndGet() <= 3) {
            System.out.println("write failed: " + (e != null ? e : r.statusCode() + " " + r.body()));
          }
        } else {
          writeNanos.add(w.answeredNanos()[0] - w.sentNanos());
        }
        done.countDown();
      });
    }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
    done.await(seconds + 60L, TimeUnit.SECONDS);
    ticker.shutdown();
    arrived.await(10, TimeUnit.SECONDS); // the last events (fewer arrive if writes or streams failed)
    System.out.printf("writes: %d at %d/s, errors %d; write latency p50 %s p99 %s%n", writeNanos.size(), rate, errors.get(),
        ms(pct(writeNanos, 50)), ms(pct(writeNanos, 99)));
    List<Long> afterAnswer = new ArrayList<>();
    List<Long> afterSend = new ArrayList<>();
    synchronized (delays) {
      delays.forEach(d -> {
        Write w = writes.get((int) d[0]);
        afterAnswer.add(d[1] - w.answeredNanos()[0]);
        afterSend.add(d[1] - w.sentNanos());
      });
    }
    System.out.printf("events on the other replica: %d received of %d expected%n", afterAnswer.size(),
        (long) writeNanos.size() * perWrite);
    System.out.printf("commit-to-event (event - 201): p50 %s p99 %s max %s%n", ms(pct(afterAnswer, 50)),
        ms(pct(afterAnswer, 99)), ms(pct(afterAnswer, 100)));
    System.out.printf("send-to-event   (event - request sent, an upper bound): p50 %s p99 %s max %s%n",
        ms(pct(afterSend, 50)), ms(pct(afterSend, 99)), ms(pct(afterSend, 100)));
    System.exit(0);
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

  static String ms(long nanos) {
    return String.format("%.1f ms", nanos / 1e6);
  }

  static HttpResponse<String> send(int port, String token, String method, String path, String body) throws Exception {
    return sendAsync(port, token, method, path, body).get(30, TimeUnit.SECONDS);
  }

  static java.util.concurrent.CompletableFuture<HttpResponse<String>> sendAsync(int port, String token, String method,
                                                                               String path, String body) {
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
