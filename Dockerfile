# Build stage: the same Maven build as the README's.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY . .
RUN mvn -q -B -DskipTests package

# Run stage: a JRE only, as a non-root user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home /app wrench && mkdir -p /app/data && chown -R wrench /app
WORKDIR /app
COPY --from=build /src/target/wrench.jar /app/wrench.jar
USER wrench
EXPOSE 8080
# Liveness of the process without curl in the image: bash's /dev/tcp sends the request.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/live HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-Xmx256m", "-XX:+UseParallelGC", "-jar", "/app/wrench.jar"]
