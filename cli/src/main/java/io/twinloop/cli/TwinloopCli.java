package io.twinloop.cli;

import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.twinloop.platform.limits.Overload;
import io.grpc.protobuf.StatusProto;
import io.twinloop.cli.command.ApproveCommand;
import io.twinloop.cli.command.DeleteCommand;
import io.twinloop.cli.command.DemoCommand;
import io.twinloop.cli.command.DiagnoseCommand;
import io.twinloop.cli.command.DiffCommand;
import io.twinloop.cli.command.ForecastCommand;
import io.twinloop.cli.command.OptimizeCommand;
import io.twinloop.cli.command.ImportCommand;
import io.twinloop.cli.command.RejectCommand;
import io.twinloop.cli.command.RoundCommand;
import io.twinloop.cli.command.PolicyCommand;
import io.twinloop.cli.command.RoundsCommand;
import io.twinloop.cli.command.ScheduleCommand;
import io.twinloop.cli.command.SimulateCommand;
import io.twinloop.cli.command.QualityCommand;
import io.twinloop.cli.command.SourceCommand;
import io.twinloop.cli.command.StatusCommand;
import io.twinloop.cli.command.SweepCommand;
import io.twinloop.cli.command.TelemetryCommand;
import io.twinloop.cli.command.WatchCommand;
import io.twinloop.cli.command.TrafficCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Map;

/** Entry point of the {@code twinloop} CLI. */
@Command(name = "twinloop", mixinStandardHelpOptions = true, version = "twinloop 0.1.0",
        description = "Client of the twinloop network digital twin. Run ./twinloop up first (or ./twinloop demo).",
        subcommands = {StatusCommand.class, ImportCommand.class, DeleteCommand.class, TrafficCommand.class, SourceCommand.class, QualityCommand.class, SimulateCommand.class,
                RoundCommand.class, RoundsCommand.class, DiffCommand.class, SweepCommand.class,
                WatchCommand.class, TelemetryCommand.class, ApproveCommand.class, RejectCommand.class, ForecastCommand.class, OptimizeCommand.class, DiagnoseCommand.class,
                ScheduleCommand.class, PolicyCommand.class,
                DemoCommand.class, CommandLine.HelpCommand.class})
public final class TwinloopCli {

    /** Exit codes by gRPC status: scripts branch on these, never on message text. */
    private static final Map<io.grpc.Status.Code, Integer> EXIT_CODES = Map.of(
            io.grpc.Status.Code.INVALID_ARGUMENT, 3,
            io.grpc.Status.Code.NOT_FOUND, 4,
            io.grpc.Status.Code.FAILED_PRECONDITION, 5,
            io.grpc.Status.Code.ABORTED, 6,
            io.grpc.Status.Code.UNAVAILABLE, 7,
            io.grpc.Status.Code.DEADLINE_EXCEEDED, 8,
            io.grpc.Status.Code.UNAUTHENTICATED, 9,
            io.grpc.Status.Code.PERMISSION_DENIED, 10,
            io.grpc.Status.Code.RESOURCE_EXHAUSTED, 11);
    /** Exit code of an UNAVAILABLE that carries a retry hint: the service is up but shedding load. */
    static final int EXIT_OVERLOADED = 12;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new TwinloopCli());
        addHelp(cli);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof StatusRuntimeException sre) {
                com.google.rpc.Status st = StatusProto.fromThrowable(sre);
                String reason = "";
                if (st != null) {
                    for (var any : st.getDetailsList()) {
                        if (any.is(ErrorInfo.class)) {
                            reason = " [" + any.unpack(ErrorInfo.class).getReason() + "]";
                        }
                    }
                }
                String msg = sre.getStatus().getDescription();
                cmd.getErr().println("error: " + sre.getStatus().getCode() + reason + ": "
                        + (msg == null ? "(no message)" : msg));
                String hint = hint(sre);
                if (hint != null) {
                    cmd.getErr().println("hint: " + hint);
                }
                return exitCode(sre);
            }
            if (ex instanceof CliException ce) {
                cmd.getErr().println("error: " + ce.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    /**
     * Gives every subcommand, however deep, {@code -h/--help} (exit 0, usage on stdout). Added here rather than
     * inherited from the root's standard options, which would also bring {@code --version} into commands that
     * have their own {@code --version} (a network version).
     */
    static void addHelp(CommandLine command) {
        for (CommandLine sub : command.getSubcommands().values()) {
            var spec = sub.getCommandSpec();
            if (spec.optionsMap().get("--help") == null && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("show this help message and exit").build());
            }
            addHelp(sub);
        }
    }

    /** The exit code of a failed call: by status code; a load refusal with a retry hint has its own. */
    static int exitCode(StatusRuntimeException sre) {
        if (sre.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE && Overload.retryDelayNanos(sre).isPresent()) {
            return EXIT_OVERLOADED;
        }
        return EXIT_CODES.getOrDefault(sre.getStatus().getCode(), 1);
    }

    /** What to tell the user beyond the error, or null. */
    static String hint(StatusRuntimeException sre) {
        var retry = Overload.retryDelayNanos(sre);
        if (retry.isPresent() && (sre.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE
                || sre.getStatus().getCode() == io.grpc.Status.Code.RESOURCE_EXHAUSTED)) {
            return (sre.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE ? "the service is busy" : "too many requests")
                    + "; retry in " + Overload.seconds(retry.get());
        }
        if (Endpoints.isTlsFailure(sre)) {
            return "the CA that signed the service certificates goes in --tls-ca or --tls-dir/ca.crt; "
                    + "services that require client certificates (mTLS) need --tls-dir with tls.crt and tls.key";
        }
        if (sre.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE) {
            return "is the stack running? ./twinloop up starts it; ./twinloop status shows it; "
                    + "services started with TWINLOOP_TLS_DIR serve TLS only: pass --tls-dir (or TWINLOOP_TLS_DIR)";
        }
        return null;
    }
}
