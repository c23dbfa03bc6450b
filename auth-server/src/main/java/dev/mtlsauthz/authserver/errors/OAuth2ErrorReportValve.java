package dev.mtlsauthz.authserver.errors;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * Tomcat's last word on a request that ended in an error no one wrote a body for: one
 * that Tomcat refused before any servlet saw it (headers too large, a malformed request
 * line or URI) or whose error page failed. Tomcat's own valve writes an HTML page there;
 * this one writes the RFC 6749 section 5.2 JSON error of {@link ClientEndpointErrors}, on
 * both connectors. It never shows an exception.
 */
class OAuth2ErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		OAuth2Error error = ClientEndpointErrors.error(status);
		try {
			response.setContentType("application/json");
			response.setCharacterEncoding("UTF-8");
			response.setHeader("Cache-Control", "no-store");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"error\":\"" + error.getErrorCode() + "\",\"error_description\":\""
						+ error.getDescription() + "\"}");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone or the response committed meanwhile: nothing to
			// tell.
		}
	}

}
