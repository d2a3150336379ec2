/**
 * The chat of Django Channels' tutorial, wire-compatible with its page: rooms as groups, the
 * broadcast as a ready frame (the fast lane).
 */
package dev.switchboard.examples.chat;
