package dev.mtlsauthz.authserver.protectedresource;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * RFC 9728 section 3: the metadata of each of this server's protected resources, at the
 * issuer and at the mTLS connector, where the resources' challenges point. Any other URL
 * under the well-known path, the bare one included, describes nothing and is a 404 that
 * names the documents there are.
 */
@RestController
class ProtectedResourceMetadataEndpoint {

	private final ProtectedResources resources;

	ProtectedResourceMetadataEndpoint(ProtectedResources resources) {
		this.resources = resources;
	}

	@GetMapping(path = { ProtectedResources.WELL_KNOWN, ProtectedResources.WELL_KNOWN + "/**" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> metadata(HttpServletRequest request) {
		return resources.describedAt(request)
			.map(resource -> ResponseEntity.ok(resources.metadata(resource, request)))
			.orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
				.cacheControl(CacheControl.noStore())
				.body(Map.of("error", "not_found", "error_description",
						"No protected resource is described here; this server's are described at "
								+ String.join(" and ", resources.metadataUrls(request)))));
	}

}
