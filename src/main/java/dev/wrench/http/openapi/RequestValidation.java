package dev.wrench.http.openapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.wrench.core.BusError;
import dev.wrench.http.Problems;
import dev.wrench.http.StorableText;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Validates a request against its operation in the contract, with the same rules, transformers and
 * errors as vertx-openapi's {@code RequestValidator}, but on the event loop and with each JSON
 * Schema validator built once. The library's validator (vertx-openapi 5.0.7) builds a new schema
 * validator, copying the contract's whole schema map, for every parameter of every request and runs
 * on a worker thread in order: measured at about 64% of the service's CPU on a get by id (see
 * bench/RESULTS.md). The validated request lands where handlers read it ({@link
 * RouterBuilder#KEY_META_DATA_VALIDATED_REQUEST}); a failure is a 400 {@link ValidatorException},
 * as the router's own validation gives.
 */
public final class RequestValidation implements Handler<RoutingContext> {

  private static final Map<Style, ParameterTransformer> TRANSFORMERS = new EnumMap<>(Style.class);

  // The library's transformers (5.0.7) decode every value as JSON first and, for text, fall back
  // to a JSON string on the DecodeException: an exception (with its stack trace) for every UUID in
  // a path and every enum in a query, on every request. A value whose schema says string is that
  // string (as later versions of the library do). Simple (paths, headers) and form (queries) are
  // the styles the contract uses.
  static {
    TRANSFORMERS.put(
        Style.SIMPLE,
        new SimpleTransformer() {
          @Override
          public Object transformPrimitive(Parameter parameter, String rawValue) {
            return textual(parameter) ? rawValue : super.transformPrimitive(parameter, rawValue);
          }
        });
    // The contract has no label or matrix parameters: the library's own transformers suffice.
    TRANSFORMERS.put(Style.LABEL, new LabelTransformer());
    TRANSFORMERS.put(Style.MATRIX, new MatrixTransformer());
    TRANSFORMERS.put(
        Style.FORM,
        new FormTransformer() {
          @Override
          public Object transformPrimitive(Parameter parameter, String rawValue) {
            return textual(parameter) ? rawValue : super.transformPrimitive(parameter, rawValue);
          }
        });
  }

  /** Whether the parameter's values are strings: its schema's type, or its array items' type. */
  static boolean textual(Parameter parameter) {
    SchemaType type = parameter.getSchemaType();
    if (type == SchemaType.STRING) {
      return true;
    }
    if (type == SchemaType.ARRAY
        && parameter.getSchema().<Object>get("items") instanceof JsonObject items) {
      return "string".equals(items.getValue("type"));
    }
    return false;
  }

  private final Operation operation;
  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();
  private final Map<Parameter, Validator> parameterValidators = new HashMap<>();
  private final Map<String, Validator> bodyValidators = new HashMap<>();

  public RequestValidation(Operation operation, SchemaRepository schemas) {
    this.operation = operation;
    for (Parameter parameter : operation.getParameters()) {
      parameterValidators.put(parameter, schemas.validator(parameter.getSchema()));
    }
    RequestBody body = operation.getRequestBody();
    if (body != null) {
      body.getContent()
          .forEach(
              (type, media) -> {
                if (needsSchemaValidation(media)) {
                  bodyValidators.put(type, schemas.validator(media.getSchema()));
                }
              });
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    extractor
        .extractValidatableRequest(ctx, operation)
        .onSuccess(
            request -> {
              try {
                ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validate(request));
              } catch (ValidatorException e) {
                ctx.fail(new HttpException(400, e.getMessage(), e));
                return;
              } catch (UnstorableText e) {
                ctx.fail(
                    new BusError(
                        400,
                        "validation",
                        "text " + StorableText.MESSAGE,
                        Problems.fieldError(e.pointer, StorableText.MESSAGE)));
                return;
              }
              ctx.next();
            })
        .onFailure(
            e ->
                ctx.fail(
                    e instanceof ValidatorException invalid
                        ? new HttpException(400, invalid.getMessage(), invalid)
                        : e));
  }

  private ValidatedRequestImpl validate(ValidatableRequest request) {
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter parameter : operation.getParameters()) {
      switch (parameter.getIn()) {
        case COOKIE ->
            cookies.put(
                parameter.getName(),
                validateParameter(parameter, request.getCookies().get(parameter.getName())));
        case HEADER ->
            headers.put(
                parameter.getName(),
                validateParameter(parameter, request.getHeaders().get(parameter.getName())));
        case PATH ->
            path.put(
                parameter.getName(),
                validateParameter(parameter, request.getPathParameters().get(parameter.getName())));
        case QUERY ->
            query.put(
                parameter.getName(),
                validateParameter(parameter, request.getQuery().get(parameter.getName())));
      }
    }
    return new ValidatedRequestImpl(cookies, headers, path, query, validateBody(request));
  }

  private RequestParameter validateParameter(Parameter parameter, RequestParameter value) {
    if (value == null || value.isNull()) {
      if (parameter.isRequired()) {
        throw ValidatorException.createMissingRequiredParameter(parameter);
      }
      return new RequestParameterImpl(null);
    }
    ParameterTransformer transformer = TRANSFORMERS.get(parameter.getStyle());
    if (transformer == null) {
      throw ValidatorException.createUnsupportedValueFormat(parameter);
    }
    String text = String.valueOf(value.get());
    if (!StorableText.isStorable(text)) {
      throw new UnstorableText(
          "/"
              + parameter.getIn().name().toLowerCase(java.util.Locale.ROOT)
              + "/"
              + parameter.getName());
    }
    Object transformed = transformer.transform(parameter, text);
    OutputUnit result =
        checked(
            parameterValidators.get(parameter), transformed, "parameter " + parameter.getName());
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
    return new RequestParameterImpl(transformed);
  }

  private RequestParameter validateBody(ValidatableRequest request) {
    RequestBody body = operation.getRequestBody();
    if (body == null) {
      return new RequestParameterImpl(null);
    }
    if (request.getBody() == null || request.getBody().isEmpty()) {
      if (body.isRequired()) {
        throw new ValidatorException(
            "The related request does not contain the required body.",
            ValidatorErrorType.MISSING_REQUIRED_PARAMETER);
      }
      return new RequestParameterImpl(null);
    }
    MediaType media = body.determineContentType(request.getContentType());
    ContentAnalyser analyser =
        media == null
            ? null
            : ContentAnalyser.getContentAnalyser(
                media,
                request.getContentType(),
                request.getBody().getBuffer(io.vertx.core.buffer.Buffer.buffer()),
                ValidationContext.REQUEST);
    if (analyser == null) {
      throw new ValidatorException(
          "The format of the request body is not supported",
          ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT);
    }
    analyser.checkSyntacticalCorrectness();
    Validator validator = bodyValidators.get(media.getIdentifier());
    if (validator == null) {
      return new RequestParameterImpl(
          request.getBody().getBuffer(io.vertx.core.buffer.Buffer.buffer()));
    }
    if (media.getIdentifier().contains("json")
        && hasTrailingContent(request.getBody().getBuffer(io.vertx.core.buffer.Buffer.buffer()))) {
      throw new ValidatorException(
          "The request body has content after its JSON value", ValidatorErrorType.ILLEGAL_VALUE);
    }
    Object transformed = analyser.transform();
    String unstorable = StorableText.firstUnstorable(transformed, "");
    if (unstorable != null) {
      throw new UnstorableText(unstorable);
    }
    OutputUnit result = checked(validator, transformed, "request body");
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createInvalidValueBody(result, ValidationContext.REQUEST, e);
    }
    return new RequestParameterImpl(transformed);
  }

  /**
   * The schema library's result; where the library itself fails on a value (vertx-json-schema 5.0.7
   * throws StringIndexOutOfBoundsException on an empty string with {@code format: email}), the
   * value is what is wrong with the request, and it is refused as invalid.
   */
  private static OutputUnit checked(Validator validator, Object value, String where) {
    try {
      return validator.validate(value);
    } catch (RuntimeException e) {
      throw new ValidatorException(
          "The value of the " + where + " is invalid", ValidatorErrorType.INVALID_VALUE);
    }
  }

  /**
   * Whether a JSON text that parses has more after its value ({@code {"a":1} trailing}): the
   * library's parser stops at the end of the first value and would accept it.
   */
  private static boolean hasTrailingContent(io.vertx.core.buffer.Buffer body) {
    try (JsonParser parser = JSON.createParser(body.getBytes())) {
      parser.nextToken();
      parser.skipChildren();
      return parser.nextToken() != null;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  private static final JsonFactory JSON = new JsonFactory();

  /** A string that PostgreSQL cannot store, at {@code pointer}. */
  private static final class UnstorableText extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String pointer;

    UnstorableText(String pointer) {
      super(pointer, null, false, false);
      this.pointer = pointer;
    }
  }

  /** A binary string body needs no schema validation (as in vertx-openapi's BaseValidator). */
  private static boolean needsSchemaValidation(MediaType media) {
    if (media.getSchema() == null) {
      return false;
    }
    String type = media.getSchema().get("type");
    String format = media.getSchema().get("format");
    boolean noFurtherProperties = media.getSchema().fieldNames().size() == 2;
    return !("string".equalsIgnoreCase(type)
        && "binary".equalsIgnoreCase(format)
        && noFurtherProperties);
  }
}
