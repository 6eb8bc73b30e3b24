package io.drippulse.crm.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.TestServer;
import io.netty.channel.StacklessClosedChannelException;
import io.vertx.core.VertxException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** Which failures are a client that hung up (logged at info, not answered) rather than an error of ours. */
class FailureHandlerTest {

  @Test
  void writingAnEndedAnswerToAClosedConnectionIsTheClientGone() {
    assertThat(FailureHandler.clientGone(StacklessClosedChannelException.newInstance(TestServer.class, "write"), true))
        .isTrue();
    assertThat(FailureHandler.clientGone(new ClosedChannelException(), true)).isTrue();
    assertThat(FailureHandler.clientGone(new VertxException("Connection was closed"), true)).isTrue();
  }

  @Test
  void aFailureBeforeTheAnswerIsOursWhatever() {
    // the database's connection closing, say: answered as the error it is
    assertThat(FailureHandler.clientGone(new ClosedChannelException(), false)).isFalse();
    assertThat(FailureHandler.clientGone(new VertxException("Connection was closed"), false)).isFalse();
  }

  @Test
  void aFailureOfAnotherKindAfterTheAnswerIsStillLogged() {
    assertThat(FailureHandler.clientGone(new IllegalStateException("a bug"), true)).isFalse();
    assertThat(FailureHandler.clientGone(null, true)).isFalse();
  }
}
