// openid-client, a third-party OpenID Connect client, against mtls-authz with no workaround: discovery, the
// authorization code flow with PKCE as a public client, userinfo, refresh, the device flow of a public client
// with openid, and RP-initiated logout with the sign-in ID token, every token request at the mTLS alias with a
// client certificate, and every access token bound to it (RFC 8705).
//
// The person's part (sign-in, consent, entering the device code) is played by whoever runs the script, over a line
// protocol: the script prints "AUTHORIZE <url>", "DEVICE <user_code> <verification_uri>" and "LOGOUT <url>", and
// reads back the callback URL, "APPROVED", and the URL the logout redirected to. OpenIdClientTest runs it.
//
// Environment: ISSUER, CA_FILE (PEM of the server's CA), CERT_FILE and KEY_FILE (the client's certificate, PEM),
// NATIVE_CLIENT_ID, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI, DEVICE_CLIENT_ID.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as client from 'openid-client';
import { Agent, fetch } from 'undici';

const env = (name) => process.env[name] ?? fail(`${name} is not set`);
const issuer = new URL(env('ISSUER'));
const ca = readFileSync(env('CA_FILE'));
const cert = readFileSync(env('CERT_FILE'));
const key = readFileSync(env('KEY_FILE'));
const thumbprint = Buffer.from(new X509Certificate(cert).fingerprint256.replaceAll(':', ''), 'hex').toString('base64url');

// The certificate is presented wherever the server asks for one: at the mTLS aliases.
const agent = new Agent({ connect: { ca, cert, key } });
const mtlsFetch = (url, options) => fetch(url, { ...options, dispatcher: agent });

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function ask(question) {
  console.log(question);
  const answer = await lines.next();
  if (answer.done) fail(`no answer to: ${question}`);
  return answer.value.trim();
}

function fail(message) {
  console.log(`FAIL ${message}`);
  process.exit(1);
}

function check(condition, message) {
  if (!condition) fail(message);
}

function ok(step, detail = '') {
  console.log(`OK ${step}${detail ? ' ' + detail : ''}`);
}

function claims(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
}

function checkBound(step, accessToken) {
  const cnf = claims(accessToken).cnf ?? {};
  check(cnf['x5t#S256'] === thumbprint, `${step}: access token not bound to the client certificate: ${JSON.stringify(cnf)}`);
}

async function configuration(clientId, metadata, authentication) {
  const config = await client.discovery(issuer, clientId, { use_mtls_endpoint_aliases: true, ...metadata },
    authentication, { [client.customFetch]: mtlsFetch });
  config[client.customFetch] = mtlsFetch;
  return config;
}

try {
  const nativeApp = await configuration(env('NATIVE_CLIENT_ID'), {}, client.None());
  const server = nativeApp.serverMetadata();
  check(server.tls_client_certificate_bound_access_tokens === true, 'discovery: tokens are not said to be bound');
  check(server.mtls_endpoint_aliases?.token_endpoint?.startsWith('https://'), 'discovery: no token endpoint alias');
  ok('discovery', server.mtls_endpoint_aliases.token_endpoint);

  // Authorization code flow with PKCE (RFC 7636), a public client (RFC 8252) with an ephemeral certificate.
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = client.buildAuthorizationUrl(nativeApp, {
    redirect_uri: env('REDIRECT_URI'),
    scope: 'openid profile api.read',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const callback = new URL(await ask(`AUTHORIZE ${authorizationUrl.href}`));
  const tokens = await client.authorizationCodeGrant(nativeApp, callback,
    { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
  checkBound('code', tokens.access_token);
  check(tokens.refresh_token, 'code: a public client with a certificate gets a refresh token');
  const signInIdToken = tokens.id_token;
  const subject = tokens.claims().sub;
  ok('authorization_code+pkce', `sub=${subject}`);

  const userinfo = await client.fetchUserInfo(nativeApp, tokens.access_token, subject);
  check(userinfo.sub === subject && userinfo.name, `userinfo: ${JSON.stringify(userinfo)}`);
  ok('userinfo', userinfo.name);

  const refreshed = await client.refreshTokenGrant(nativeApp, tokens.refresh_token);
  checkBound('refresh', refreshed.access_token);
  check(refreshed.id_token && refreshed.id_token !== signInIdToken, 'refresh: a new ID token');
  check(refreshed.claims().sub === subject, 'refresh: same subject');
  ok('refresh_token');

  // Device authorization grant (RFC 8628) of a public client, with openid.
  const device = await configuration(env('DEVICE_CLIENT_ID'), {}, client.None());
  const authorization = await client.initiateDeviceAuthorization(device, { scope: 'openid api.read' });
  check(authorization.interval === 5, `device: interval ${authorization.interval}`);
  const approved = await ask(`DEVICE ${authorization.user_code} ${authorization.verification_uri}`);
  check(approved === 'APPROVED', `device: ${approved}`);
  const deviceTokens = await client.pollDeviceAuthorizationGrant(device, authorization);
  checkBound('device', deviceTokens.access_token);
  check(deviceTokens.claims()?.sub === subject, 'device: ID token of the person who approved');
  ok('device_code', `sub=${deviceTokens.claims().sub}`);

  // RP-initiated logout with the ID token of the sign-in, although the tokens were refreshed since.
  const logoutState = client.randomState();
  const endSession = client.buildEndSessionUrl(nativeApp, {
    id_token_hint: signInIdToken,
    post_logout_redirect_uri: env('POST_LOGOUT_REDIRECT_URI'),
    state: logoutState,
  });
  const returned = new URL(await ask(`LOGOUT ${endSession.href}`));
  check(returned.origin + returned.pathname === env('POST_LOGOUT_REDIRECT_URI'), `logout: returned to ${returned}`);
  check(returned.searchParams.get('state') === logoutState, 'logout: state');
  ok('logout');
  console.log('DONE');
  process.exit(0);
}
catch (error) {
  fail(`${error.name}: ${error.message}${error.cause ? ' ' + JSON.stringify(error.cause) : ''}`);
}
