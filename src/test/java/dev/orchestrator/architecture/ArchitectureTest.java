package dev.orchestrator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package rules of STYLE.md §4.1, enforced. */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.orchestrator");

  @Test
  void domain_dependsOnNoFrameworkAndNoOtherLayer() {
    noClasses()
        .that()
        .resideInAPackage("dev.orchestrator.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.pekko..",
            "dev.orchestrator.entity..",
            "dev.orchestrator.http..",
            "dev.orchestrator.projection..",
            "dev.orchestrator.execution..",
            "dev.orchestrator.scanner..",
            "dev.orchestrator.config..")
        .check(MAIN);
  }

  @Test
  void egress_isPureJava() {
    noClasses()
        .that()
        .resideInAPackage("dev.orchestrator.egress..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.pekko..", "dev.orchestrator.http..", "dev.orchestrator.entity..")
        .check(MAIN);
  }

  @Test
  void projection_andEntity_doNotKnowTheHttpApi() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.orchestrator.projection..",
            "dev.orchestrator.entity..",
            "dev.orchestrator.scanner..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.orchestrator.http..")
        .check(MAIN);
  }

  @Test
  void entity_doesNotReadTheReadModel() {
    noClasses()
        .that()
        .resideInAPackage("dev.orchestrator.entity..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.orchestrator.projection..", "dev.orchestrator.scanner..", "java.sql..")
        .check(MAIN);
  }

  // Sealed headers are opened in one place only, the invoker, right before sending.
  @Test
  void onlyTheApiAndTheInvoker_useTheHeaderCipher() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.orchestrator.domain..",
            "dev.orchestrator.entity..",
            "dev.orchestrator.projection..",
            "dev.orchestrator.scanner..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.orchestrator.secrets..")
        .check(MAIN);
  }

  @Test
  void domainAndEntity_neverReadTheWallClockOrRandomnessDirectly() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.orchestrator.domain..", "dev.orchestrator.entity..")
        .should()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(java.util.UUID.class, "randomUUID")
        .check(MAIN);
  }
}
