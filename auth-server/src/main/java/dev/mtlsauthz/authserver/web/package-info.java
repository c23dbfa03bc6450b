/**
 * The pages a person sees: sign-in, consent, device activation, sign-out and errors,
 * rendered by the server with its own stylesheet and no external assets.
 */
package dev.mtlsauthz.authserver.web;
