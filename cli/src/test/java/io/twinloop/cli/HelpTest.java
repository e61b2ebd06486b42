package io.twinloop.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --help} works on every command and subcommand (exit 0, the command's usage on stdout, nothing on stderr),
 * and every parameter and option the help lists says what it is.
 */
class HelpTest {

    @Test
    void helpExitsZeroOnEveryCommand() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new TwinloopCli()), new ArrayList<>(), paths);
        assertTrue(paths.size() > 20, "found only " + paths.size() + " commands");
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun run = CliRun.of(args.toArray(String[]::new));
            String usage = run.out();
            assertEquals(0, run.exit(), args + " exited " + run.exit() + ": " + run.err());
            String name = path.isEmpty() ? "twinloop" : path.get(path.size() - 1);
            assertTrue(usage.startsWith("Usage: ") && usage.contains(name), args + " printed: " + usage);
            assertEquals("", run.err(), args + " wrote to stderr");
        }
    }

    @Test
    void everyParameterAndOptionIsDescribed() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new TwinloopCli()), new ArrayList<>(), paths);
        CommandLine root = new CommandLine(new TwinloopCli());
        for (List<String> path : paths) {
            CommandLine c = root;
            for (String p : path) {
                c = c.getSubcommands().get(p);
            }
            assertFalse(String.join("", c.getCommandSpec().usageMessage().description()).isBlank(),
                    path + " has no description");
            for (var arg : c.getCommandSpec().args()) {
                String text = String.join(" ", arg.description());
                assertFalse(text.isBlank(), path + " " + arg.paramLabel() + " has no description");
            }
        }
    }

    private static void collect(CommandLine c, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        c.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name) && !name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }
}
