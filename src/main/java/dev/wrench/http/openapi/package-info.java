/**
 * Where Wrench works around vertx-openapi and vertx-web-openapi-router 5.0.x, and the only package
 * allowed to use their {@code impl} classes (ArchitectureTest): the hand-written request validation
 * (the library's rules at a fraction of its cost), the copy of the contract the router can read,
 * and the fixes applied to a request before the library sees it. When the library is upgraded, this
 * package is what to re-check; {@code LibraryValidationAgreementTest} shows whether the hand
 * validation still agrees with the library's.
 */
package dev.wrench.http.openapi;
