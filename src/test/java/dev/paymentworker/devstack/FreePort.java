package dev.paymentworker.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports for servers that must be told their port before they start (the local broker advertises its
 * own address, so it cannot simply bind port 0).
 */
public final class FreePort {

  private FreePort() {}

  /**
   * A loopback port that nothing listens on at the moment of the call. Another process may still
   * take it before the caller binds it; callers that cannot retry should bind it at once.
   */
  public static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
