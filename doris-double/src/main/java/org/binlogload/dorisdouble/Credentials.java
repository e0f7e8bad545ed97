package org.binlogload.dorisdouble;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The one user and password the double accepts, checked against a request's Basic authorization. */
final class Credentials {
    private final String user;
    private final String password;

    Credentials(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** The user and password of a Basic Authorization header, or null when the header is missing or malformed. */
    static String[] basicAuth(HttpRequest req) {
        String h = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Null when the credentials match, else Doris's access-denied text (FE ErrorCode.ERR_ACCESS_DENIED_ERROR). */
    String checkPassword(String[] auth) {
        String u = auth[0];
        int at = u.indexOf('@');
        if (at >= 0) {
            u = u.substring(0, at);
        }
        if (u.equals(user) && auth[1].equals(password)) {
            return null;
        }
        return "Access denied for user '" + auth[0] + "'@'" + HttpServers.HOST + "' (using password: "
                + (auth[1].isEmpty() ? "NO" : "YES") + ")";
    }
}
