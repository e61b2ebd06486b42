/** Bearer-token authentication and role-based authorisation shared by the services and the CLI. */
package io.twinloop.platform.auth;
