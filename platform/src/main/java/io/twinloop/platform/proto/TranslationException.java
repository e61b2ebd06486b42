package io.twinloop.platform.proto;

/**
 * A proto message that has no model form: a required field is missing, a value is out of range,
 * or the model refuses the shape. {@link #field()} names the offending request field, e.g.
 * {@code plan.actions[3].set_link_weight.igp_weight}, so the caller can answer INVALID_ARGUMENT
 * with a {@code BadRequest} field violation.
 */
public final class TranslationException extends IllegalArgumentException {

    private final String field;

    public TranslationException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field that was wrong. */
    public String field() {
        return field;
    }
}
