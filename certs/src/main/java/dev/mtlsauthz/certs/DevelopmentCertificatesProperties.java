package dev.mtlsauthz.certs;

import java.nio.file.Path;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether a server writes the development PKI at start, and where: the settings that
 * {@link DevelopmentCertificatesListener} reads under a server's own prefix
 * ({@code authserver.dev-certificates}, {@code resourceapi.dev-certificates}), and that
 * each server's properties record nests so that its configuration metadata shows them.
 *
 * @param generateIfMissing whether missing, expiring or foreign development certificates
 * are written at start, before the HTTPS connector reads its key. Production turns it off
 * and mounts real certificates
 * @param directory where {@link DevelopmentCertificates} keeps them, relative to the
 * working directory; the servers, the demo and docker-compose share one directory
 */
public record DevelopmentCertificatesProperties(@DefaultValue("true") boolean generateIfMissing,
		@DefaultValue("certs/generated") Path directory) {
}
