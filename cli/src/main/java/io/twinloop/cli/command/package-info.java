/** One class per CLI subcommand. */
package io.twinloop.cli.command;
