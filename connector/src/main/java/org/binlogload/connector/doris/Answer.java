package org.binlogload.connector.doris;

import java.net.URI;
import java.util.Map;

/** An HTTP answer as the client needs it: status, lower-cased headers, body text and the URI it came from. */
final class Answer {
  final int status;
  final Map<String, String> headers;
  final String body;
  final URI uri;

  Answer(int status, Map<String, String> headers, String body, URI uri) {
    this.status = status;
    this.headers = headers;
    this.body = body == null ? "" : body;
    this.uri = uri;
  }

  String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
