package dev.mtlsauthz.authserver;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.util.UriComponentsBuilder;

import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's browser session at the issuer, without a browser: real TLS and no client
 * certificate, cookies kept, redirects followed one at a time so that every step can be
 * checked. It signs in on the login page and answers the consent page as a person would,
 * through the forms those pages render.
 */
public final class UserSession {

	private static final Pattern INPUT = Pattern.compile("<input[^>]*>");

	private static final Pattern FORM = Pattern.compile("<form[^>]*id=\"([^\"]+)\"[^>]*>(.*?)</form>", Pattern.DOTALL);

	private final String issuer;

	private final Map<String, String> cookies;

	public UserSession(String issuer) {
		this(issuer, new HashMap<>());
	}

	private UserSession(String issuer, Map<String, String> cookies) {
		this.issuer = issuer;
		this.cookies = cookies;
	}

	/**
	 * The same browser, with the same cookies, talking to another instance of a cluster
	 * at {@code instance} (its base URL), as a load balancer may route any request.
	 */
	public UserSession at(String instance) {
		return new UserSession(instance, cookies);
	}

	/** Signs in with the login form and returns where the server sends the user next. */
	public String signIn(String username, String password) {
		Response page = get("/login");
		assertThat(page.statusCode()).as("login page").isEqualTo(200);
		Response signIn = post("/login",
				Map.of("username", username, "password", password, "_csrf", input(page.asString(), "_csrf")));
		assertThat(signIn.statusCode()).as("sign-in redirects").isEqualTo(302);
		return signIn.header("Location");
	}

	/**
	 * Runs an authorization request (RFC 6749 section 4.1.1) as alice, signing in and
	 * allowing every requested scope on the consent page when asked, and returns the
	 * redirect back to the client.
	 */
	public String authorize(Map<String, String> parameters) {
		String location = redirect(browser().queryParams(parameters).get(issuer + "/oauth2/authorize"));
		return followToClient(location);
	}

	/**
	 * Follows the redirects at the issuer (sign-in, consent) until one leaves it, and
	 * returns that one.
	 */
	public String followToClient(String location) {
		for (int step = 0; step < 6 && location.startsWith(issuer); step++) {
			String path = location.substring(issuer.length());
			if (path.equals("/login")) {
				location = signIn("alice", "alice-password");
			}
			else if (path.startsWith("/oauth2/consent")) {
				location = redirect(allow(browser().urlEncodingEnabled(false).get(location)));
			}
			else {
				location = redirect(browser().urlEncodingEnabled(false).get(location));
			}
		}
		return location;
	}

	/** Submits the consent page's form as shown: every requested scope ticked. */
	public Response allow(Response consentPage) {
		assertThat(consentPage.statusCode()).as("consent page").isEqualTo(200);
		return submit(consentPage.asString(), "consent-form");
	}

	/** Submits the consent page's "Deny" form. */
	public Response deny(Response consentPage) {
		assertThat(consentPage.statusCode()).as("consent page").isEqualTo(200);
		return submit(consentPage.asString(), "deny-form");
	}

	private Response submit(String html, String formId) {
		Matcher forms = FORM.matcher(html);
		while (forms.find()) {
			if (forms.group(1).equals(formId)) {
				String form = forms.group(0);
				Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(form);
				assertThat(action.find()).as("form action").isTrue();
				return browser().formParams(fields(form)).post(issuer + unescape(action.group(1)));
			}
		}
		throw new AssertionError("No form " + formId + " in: " + html);
	}

	/**
	 * The name/value pairs a browser would send for a form: hidden inputs and ticked
	 * checkboxes.
	 */
	private static Map<String, List<String>> fields(String form) {
		Map<String, List<String>> fields = new LinkedHashMap<>();
		Matcher inputs = INPUT.matcher(form);
		while (inputs.find()) {
			String input = inputs.group();
			String type = attribute(input, "type");
			if ("hidden".equals(type) || ("checkbox".equals(type) && input.contains(" checked"))) {
				fields.computeIfAbsent(attribute(input, "name"), name -> new ArrayList<>())
					.add(unescape(attribute(input, "value")));
			}
		}
		return fields;
	}

	/** The session's cookies, for requests this session does not make itself. */
	public Map<String, String> cookies() {
		return Map.copyOf(cookies);
	}

	/** A GET of an absolute URL as a server sent it in a redirect, already encoded. */
	public Response open(String url) {
		return remember(browser().urlEncodingEnabled(false).get(url));
	}

	public Response get(String path) {
		return remember(browser().get(issuer + path));
	}

	public Response get(String path, Map<String, String> query) {
		return remember(browser().queryParams(query).get(issuer + path));
	}

	public Response post(String path, Map<String, ?> form) {
		return remember(browser().formParams(form).post(issuer + path));
	}

	/** The value of input {@code name} of an HTML page. */
	public static String input(String html, String name) {
		Matcher inputs = INPUT.matcher(html);
		while (inputs.find()) {
			if (name.equals(attribute(inputs.group(), "name"))) {
				return unescape(attribute(inputs.group(), "value"));
			}
		}
		throw new AssertionError("No input " + name + " in: " + html);
	}

	/** A query parameter of a redirect URL, decoded. */
	public static String parameter(String url, String name) {
		String value = UriComponentsBuilder.fromUriString(url).build(true).getQueryParams().getFirst(name);
		return value == null ? null : java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

	/**
	 * The metadata of a client seeded by the default {@code clients.json}, to register it
	 * in the test server.
	 */
	public static Map<String, Object> seededClient(String clientId) {
		try (InputStream in = new ClassPathResource("clients.json").getInputStream()) {
			List<Map<String, Object>> clients = JsonMapper.builder().build().readValue(in, new TypeReference<>() {
			});
			return clients.stream()
				.filter(client -> clientId.equals(client.get("client_id")))
				.findFirst()
				.orElseThrow(() -> new AssertionError(clientId + " is not in clients.json"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String attribute(String tag, String name) {
		Matcher value = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(tag);
		return value.find() ? value.group(1) : null;
	}

	private static String unescape(String html) {
		return html == null ? null
				: html.replace("&amp;", "&")
					.replace("&quot;", "\"")
					.replace("&#39;", "'")
					.replace("&lt;", "<")
					.replace("&gt;", ">");
	}

	private String redirect(Response response) {
		remember(response);
		assertThat(response.statusCode()).as("redirect, body: " + response.asString()).isEqualTo(302);
		return response.header("Location");
	}

	private RequestSpecification browser() {
		return Tls.anonymous().redirects().follow(false).accept(MediaType.TEXT_HTML_VALUE).cookies(cookies);
	}

	private Response remember(Response response) {
		cookies.putAll(response.getCookies());
		return response;
	}

}
