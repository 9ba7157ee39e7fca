package io.qdd.distill.kd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qdd.api.backend.Backend;
import io.qdd.distill.train.Checkpoint;
import io.qdd.distill.train.ModelRegistry;
import io.qdd.distill.train.RunDirectory;
import io.qdd.distill.train.TrainingConfig;
import io.qdd.models.nn.Model;
import io.qdd.models.qnn.FixedProjection;
import io.qdd.models.qnn.QnnClassifier;
import io.qdd.models.qnn.Reduction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a frozen {@link Teacher} from a run directory: one written by {@code qdd train} (a
 * classical model from the {@link ModelRegistry}, its {@code config.json} and {@code
 * checkpoint.bin}) or by {@code qdd kd} (a quantum {@link QnnClassifier}, rebuilt on the given
 * backend from its configuration, checkpoint and, for PCA, its stored projection). The teacher must
 * have been trained on the same data set and on every class the student learns; its outputs are
 * mapped onto the student's classes.
 */
public final class TeacherLoader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TeacherLoader() {}

  /**
   * The teacher in {@code dir}.
   *
   * @param dataset the student's data set name
   * @param datasetClasses the number of classes of the full data set
   * @param studentClasses the student's class subset in original labels (empty = all)
   * @param channels image channels
   * @param imageSize image height and width
   * @throws IOException naming the file when the run cannot be read
   * @throws IllegalArgumentException when the teacher does not fit the student's data or classes
   */
  public static Teacher load(
      Path dir,
      ModelRegistry registry,
      Backend backend,
      String dataset,
      int datasetClasses,
      List<Integer> studentClasses,
      int channels,
      int imageSize)
      throws IOException {
    RunDirectory run = new RunDirectory(dir);
    if (!Files.isDirectory(dir)) {
      throw new IOException("teacher run directory " + dir + " does not exist");
    }
    JsonNode node;
    try {
      node = JSON.readTree(run.config().toFile());
    } catch (IOException e) {
      throw new IOException(
          "could not read the teacher's " + run.config() + ": " + e.getMessage(), e);
    }
    boolean quantum = node.has("kind") && KdConfig.KIND.equals(node.get("kind").asText());
    String teacherDataset;
    List<Integer> teacherClasses;
    Model model;
    double[] theta;
    Teacher.Info info;
    if (quantum) {
      KdConfig cfg;
      try {
        cfg = JSON.treeToValue(node, KdConfig.class);
      } catch (IOException e) {
        throw new IOException("could not read " + run.config() + ": " + e.getMessage(), e);
      }
      teacherDataset = cfg.dataset();
      teacherClasses = cfg.classes();
      int count = teacherClasses.isEmpty() ? datasetClasses : teacherClasses.size();
      QnnClassifier.Config qc = cfg.studentConfig(channels, imageSize, count);
      FixedProjection p =
          qc.reduction() == Reduction.PCA
              ? ProjectionFile.read(dir.resolve(ProjectionFile.NAME))
              : null;
      QnnClassifier q = new QnnClassifier(qc, backend, p);
      model = q;
      theta = KdCheckpoint.read(run.checkpoint()).theta();
      info =
          new Teacher.Info(
              "quantum",
              q.toString(),
              dir.toString(),
              q.parameterCount(),
              qc.qubits(),
              qc.layers(),
              q.circuitDepth());
    } else {
      TrainingConfig cfg = run.readConfig();
      teacherDataset = cfg.dataset();
      teacherClasses = cfg.classes();
      int count = teacherClasses.isEmpty() ? datasetClasses : teacherClasses.size();
      model = registry.create(cfg.model(), cfg.modelSpec(channels, imageSize, count), cfg.seed());
      Checkpoint cp = Checkpoint.read(run.checkpoint());
      theta = cp.theta();
      info =
          new Teacher.Info(
              "classical", cfg.model(), dir.toString(), model.parameterCount(), 0, 0, 0);
    }
    if (!teacherDataset.equals(dataset)) {
      throw new IllegalArgumentException(
          "teacher "
              + dir
              + " was trained on "
              + teacherDataset
              + ", the student learns "
              + dataset);
    }
    if (theta.length != model.parameterCount()) {
      throw new IOException(
          run.checkpoint()
              + " holds "
              + theta.length
              + " parameters, the teacher's model has "
              + model.parameterCount());
    }
    return new Teacher(
        model, theta, columns(dir, teacherClasses, studentClasses, datasetClasses), info);
  }

  /** The teacher's output column of each student class, or {@code null} for the identity. */
  static int[] columns(
      Path dir, List<Integer> teacherClasses, List<Integer> studentClasses, int datasetClasses) {
    List<Integer> t = teacherClasses.isEmpty() ? range(datasetClasses) : teacherClasses;
    List<Integer> s = studentClasses.isEmpty() ? range(datasetClasses) : studentClasses;
    int[] cols = new int[s.size()];
    boolean identity = s.size() == t.size();
    for (int k = 0; k < s.size(); k++) {
      cols[k] = t.indexOf(s.get(k));
      if (cols[k] < 0) {
        throw new IllegalArgumentException(
            "teacher "
                + dir
                + " was trained on classes "
                + t
                + ", which lack the student's class "
                + s.get(k));
      }
      identity &= cols[k] == k;
    }
    return identity ? null : cols;
  }

  private static List<Integer> range(int n) {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      r.add(i);
    }
    return r;
  }
}
