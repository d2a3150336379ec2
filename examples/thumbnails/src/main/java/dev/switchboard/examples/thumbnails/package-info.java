/**
 * A task with live progress in the browser: task events reach the page through the channel layer.
 */
package dev.switchboard.examples.thumbnails;
