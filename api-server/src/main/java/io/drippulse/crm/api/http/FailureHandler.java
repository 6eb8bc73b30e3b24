package io.drippulse.crm.api.http;

import io.vertx.core.Handler;
import io.vertx.core.VertxException;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import java.nio.channels.ClosedChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become responses. Every error is {@code {"error": {"code", "message",
 * "details"}}}; 4xx are logged at warn, 5xx at error with the cause, and no body ever carries a stack
 * trace or SQL text. A client that hangs up before its answer is written is logged at info: nothing is
 * left to answer, and nothing failed on our side.
 */
public final class FailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    String requestId = RequestLog.requestId(ctx);
    if (clientGone(ctx.failure(), ctx.response().ended())) {
      LOG.atInfo().addKeyValue(RequestLog.KEY_FIELD, requestId).log("request {} {} {}: the client closed the connection"
          + " before the answer was written", requestId, ctx.request().method(), ctx.request().path());
      return;
    }
    ApiError error = toApiError(ctx);
    if (error.status() >= 500) {
      LOG.atError().addKeyValue(RequestLog.KEY_FIELD, requestId).setCause(ctx.failure())
          .log("request {} {} {} failed", requestId, ctx.request().method(), ctx.request().path());
    } else {
      LOG.atWarn().addKeyValue(RequestLog.KEY_FIELD, requestId).log("request {} {} {} -> {} {}", requestId,
          ctx.request().method(), ctx.request().path(), error.status(), error.code());
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if ((error.status() == 503 || error.status() == 429) && ctx.response().headers().get("Retry-After") == null) {
      ctx.response().putHeader("Retry-After", Integer.toString(DatabaseFailures.retryAfterSeconds(error)));
    }
    if (error.status() != 413 && !ctx.request().isEnded()) {
      // answered before its body arrived (a timeout, a refused upload, which stays paused): the rest
      // will never be read, so the connection ends with this answer. A 413 is left to the BodyHandler:
      // closing while the client still sends would reset the connection before it reads the 413.
      ctx.response().putHeader("Connection", "close");
      ctx.addEndHandler(ignored -> ctx.request().connection().close());
    }
    Responses.error(ctx.response(), error);
  }

  /**
   * The answer was handed to the connection (so any failure is its writing, never a database's), and writing
   * it found the client's connection closed: Netty's closed channel, or Vert.x's closed connection.
   */
  static boolean clientGone(Throwable failure, boolean answerEnded) {
    return answerEnded && (failure instanceof ClosedChannelException || failure instanceof VertxException);
  }

  static ApiError toApiError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError apiError) {
      return apiError;
    }
    if (failure instanceof DecodeException) {
      return ApiError.badRequest("malformed_json", "The request body is not valid JSON.");
    }
    ApiError database = DatabaseFailures.classify(failure);
    if (database != null) {
      return database;
    }
    if (failure instanceof PgException pg) {
      return fromSqlState(pg.getSqlState());
    }
    return fromStatus(failure == null ? ctx.statusCode() : 500);
  }

  /** Constraint violations reaching here mean a race the repositories could not pre-empt. */
  private static ApiError fromSqlState(String sqlState) {
    return switch (sqlState == null ? "" : sqlState) {
      case "23505" -> ApiError.conflict("conflict", "The change conflicts with another record; reload and try again.");
      case "23503" -> ApiError.unprocessable("invalid_reference", "The request refers to a record that does not exist.");
      case "23514", "22001", "22003", "22008" -> ApiError.unprocessable("validation_failed", "A value is out of its allowed range.");
      case "23P01" -> ApiError.unprocessable("validation_failed", "A value must be unique and is already used.");
      case "22021", "22P05" -> ApiError.badRequest("invalid_text", "The request contains characters that cannot be stored.");
      case "40001", "40P01" -> ApiError.conflict("concurrent_update", "Another change got there first; try again.");
      default -> fromStatus(500);
    };
  }

  public static ApiError fromStatus(int status) {
    return switch (status) {
      case 400 -> ApiError.badRequest("bad_request", "The request is malformed.");
      case 401 -> ApiError.unauthorized("unauthorized", "Authentication is required.");
      case 403 -> ApiError.forbidden("forbidden", "You are not allowed to do this.");
      case 404 -> new ApiError(404, "not_found", "No such route or record.", null);
      case 405 -> new ApiError(405, "method_not_allowed", "This route does not accept that method.", null);
      case 408 -> new ApiError(408, "request_timeout", "The request did not arrive in time; the connection was closed.", null);
      case 413 -> new ApiError(413, "payload_too_large", "The request body is too large.", null);
      case 415 -> new ApiError(415, "unsupported_media_type", "Send the body as application/json.", null);
      default -> new ApiError(500, "internal_error", "Something went wrong on our side; it has been logged.", null);
    };
  }
}
