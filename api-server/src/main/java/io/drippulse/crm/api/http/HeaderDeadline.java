package io.drippulse.crm.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Request headers must arrive within the request timeout. A client that opens a connection (or leaves a
 * kept-alive one) and then sends headers a byte at a time never reaches the router, so the watch sits on
 * the connection: when a whole timeout passes with no request in flight and no new request's headers
 * complete, the connection gets a 408 and is closed. Idle kept-alive connections end the same way, which
 * RFC 9110 allows and clients retry. One instance per verticle: everything runs on its event loop.
 */
public final class HeaderDeadline {

  private final Vertx vertx;
  private final long millis;
  private final Map<HttpConnection, Watch> watches = new HashMap<>();

  public HeaderDeadline(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.millis = timeout.toMillis();
  }

  public void watch(HttpConnection connection) {
    Watch watch = new Watch(connection);
    watches.put(connection, watch);
    // a route may set its own close handler on the connection (and replace this one), so each tick also
    // checks whether the connection is still open
    long timer = vertx.setPeriodic(millis, id -> {
      if (!watch.tick()) {
        vertx.cancelTimer(id);
        watches.remove(connection);
      }
    });
    connection.closeHandler(ignored -> {
      vertx.cancelTimer(timer);
      watches.remove(connection);
    });
  }

  /** Wraps the server's request handler: each request's headers count as heard on its connection. */
  public Handler<HttpServerRequest> then(Handler<HttpServerRequest> next) {
    return request -> {
      Watch watch = watches.get(request.connection());
      if (watch != null) {
        watch.current = request;
        watch.heard = true;
      }
      next.handle(request);
    };
  }

  private static final class Watch {
    private final HttpConnection connection;
    private HttpServerRequest current;
    private boolean heard;

    Watch(HttpConnection connection) {
      this.connection = connection;
    }

    /** False once the connection is gone, or has just been refused. */
    boolean tick() {
      if (connection instanceof ConnectionBase base && !base.channel().isActive()) {
        return false;
      }
      if (current != null && !current.response().ended()) {
        return true; // a request is being answered; its body has its own deadline (RequestTimeout)
      }
      if (heard) {
        heard = false;
        return true;
      }
      refuse();
      return false;
    }

    /**
     * No request object exists to answer on, so the 408 is written as bytes just below the HTTP encoder
     * (whose compressor refuses a response without a request), then the connection closes.
     */
    private void refuse() {
      if (!(connection instanceof ConnectionBase base)) {
        connection.close();
        return;
      }
      Channel channel = base.channel();
      ChannelHandlerContext below = channel.pipeline().context(HttpResponseEncoder.class);
      ChannelHandlerContext target = below != null ? below : channel.pipeline().firstContext();
      byte[] body = FailureHandler.fromStatus(408).toJson().toBuffer().getBytes();
      String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json; charset=utf-8\r\n"
          + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
      ByteBuf bytes = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
      target.writeAndFlush(bytes).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
