/**
 * The HTTP gateway: routes, request parsing and limits, API-key auth, and the single {@link
 * dev.inferyx.http.ErrorMapper} that turns typed errors into JSON responses. The only package that knows status
 * codes.
 */
package dev.inferyx.http;
