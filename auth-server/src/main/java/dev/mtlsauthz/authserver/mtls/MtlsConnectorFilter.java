package dev.mtlsauthz.authserver.mtls;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.mtlsauthz.authserver.errors.OAuth2ErrorResponseHandler;

/**
 * Keeps the mTLS connector to its purpose: it serves the aliased endpoints, and the RFC
 * 9728 metadata of those that are protected resources, and nothing else (404), so that
 * login pages, consent and discovery are only ever reached at the issuer.
 */
class MtlsConnectorFilter extends OncePerRequestFilter {

	private final MtlsEndpoints endpoints;

	MtlsConnectorFilter(MtlsEndpoints endpoints) {
		this.endpoints = endpoints;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (endpoints.isMtlsRequest(request) && !endpoints.isServedPath(request.getRequestURI())) {
			OAuth2ErrorResponseHandler.write(response, HttpStatus.NOT_FOUND, new OAuth2Error("not_found",
					"The mTLS endpoint serves only the endpoints listed in mtls_endpoint_aliases", null));
			return;
		}
		chain.doFilter(request, response);
	}

}
