# Switchboard container image. Build from the top of the source tree:  docker build -t switchboard .
# Run it with docker-compose.yml (client key, allowed hosts, admin password and metrics token from an env file).
#
# Stage 1 builds the distribution with the Maven wrapper; stage 2 runs it on a JRE 21 as a non-root user.

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml README.md ./
COPY kernel/ kernel/
COPY plugins/ plugins/
COPY distribution/ distribution/
COPY conf/ conf/
COPY docs/ docs/
RUN ./mvnw -B -q package -DskipTests \
    && mkdir /dist && cp -a distribution/target/switchboard-*/switchboard-*/. /dist/

FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 switchboard \
    && useradd --system --uid 10001 --gid switchboard --home-dir /opt/switchboard --shell /usr/sbin/nologin switchboard
# The program is root's and read-only to the service; only data/ (the volume) is the service's.
COPY --from=build /dist/ /opt/switchboard/
RUN chown switchboard:switchboard /opt/switchboard/data && chmod 0700 /opt/switchboard/data
# Listen on every interface inside the container only; everywhere else the default stays 127.0.0.1.
ENV SERVER_HOST=0.0.0.0
WORKDIR /opt/switchboard
USER switchboard
VOLUME ["/opt/switchboard/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["/opt/switchboard/bin/docker-entrypoint", "healthcheck"]
ENTRYPOINT ["/opt/switchboard/bin/docker-entrypoint"]
