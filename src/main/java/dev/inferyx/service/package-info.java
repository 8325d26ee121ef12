/** The inference use cases (submit, read, await) on top of the queue; no HTTP, no threads of its own. */
package dev.inferyx.service;
