package io.twinloop.cli.command;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.twinloop.cli.CliException;
import io.twinloop.proto.common.v1.Plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads plan files: the proto JSON form of {@code twinloop.common.v1.Plan}. */
final class PlanFiles {
    private PlanFiles() {
    }

    /** The plan in {@code file}, or the empty plan when {@code file} is null. */
    static Plan read(Path file) {
        if (file == null) {
            return Plan.getDefaultInstance();
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new CliException("cannot read plan file " + file + ": " + e.getMessage());
        }
        Plan.Builder plan = Plan.newBuilder();
        try {
            JsonFormat.parser().merge(text, plan);
        } catch (InvalidProtocolBufferException e) {
            throw new CliException("plan file " + file + " is not a valid plan: " + e.getMessage());
        }
        return plan.build();
    }
}
