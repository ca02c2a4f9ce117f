// ./jenkins-demo: once Jenkins has started (JCasC has configured the organization by then), the folder shop and its
// Pipeline job cart from examples/jenkins/cart.Jenkinsfile, built once. Nothing happens when the job exists already.
import com.cloudbees.hudson.plugins.folder.Folder
import jenkins.model.Jenkins
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition
import org.jenkinsci.plugins.workflow.job.WorkflowJob

def jenkins = Jenkins.get()
if (jenkins.getItem('shop') == null) {
    def shop = jenkins.createProject(Folder, 'shop')
    def cart = shop.createProject(WorkflowJob, 'cart')
    // a system property: hpi:run starts Jenkins inside Maven's JVM, which ./jenkins-demo gives it to
    def script = new File(System.getProperty('CDP_DEMO_EXAMPLES'), 'jenkins/cart.Jenkinsfile').getText('UTF-8')
    cart.definition = new CpsFlowDefinition(script, true)
    cart.save()
    cart.scheduleBuild2(0)
    println 'CD Pipelines demo: building shop/cart #1; production waits for alice (password alice) on its Approvals page'
}
